from importlib import import_module

from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "fazhi.corpus"
    label = "corpus"
    verbose_name = "他地报告库"

    def ready(self) -> None:
        # Navigation entries and the seed_demo step, when the app has them.
        for module in ("nav", "demo"):
            try:
                import_module(f"{self.name}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{self.name}.{module}":
                    raise
