from django.apps import AppConfig


class ReviewConfig(AppConfig):
    # Its nav, demo, deadlines and indicators modules are found by core and indicators.
    name = "fazhi.review"
    label = "review"
    verbose_name = "合法性审查与备案"
