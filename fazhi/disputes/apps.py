from django.apps import AppConfig


class DisputesConfig(AppConfig):
    # Its nav, demo, deadlines and indicators modules are found by core and indicators.
    name = "fazhi.disputes"
    label = "disputes"
    verbose_name = "行政复议与应诉"
