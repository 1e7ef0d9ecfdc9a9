from importlib import import_module

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "fazhi.review"
    label = "review"
    verbose_name = "合法性审查与备案"

    def ready(self) -> None:
        # Navigation entries and the seed_demo step, when the app has them.
        for module in ("nav", "demo"):
            try:
                import_module(f"{self.name}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{self.name}.{module}":
                    raise
