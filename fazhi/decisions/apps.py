from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    # Its nav, demo, deadlines and indicators modules are found by core and indicators.
    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"
