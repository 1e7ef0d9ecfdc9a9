from django.apps import AppConfig


class RectifyConfig(AppConfig):
    # Its nav, demo, deadlines and indicators modules are found by core and indicators.
    name = "fazhi.rectify"
    label = "rectify"
    verbose_name = "整改"
