from django.apps import AppConfig


class CorpusConfig(AppConfig):
    # Its nav, demo, deadlines and indicators modules are found by core and indicators.
    name = "fazhi.corpus"
    label = "corpus"
    verbose_name = "他地报告库"
