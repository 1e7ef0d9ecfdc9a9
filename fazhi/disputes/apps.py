from importlib import import_module

from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "fazhi.disputes"
    label = "disputes"
    verbose_name = "行政复议与应诉"

    def ready(self) -> None:
        # Navigation entries and the seed_demo step, when the app has them.
        for module in ("nav", "demo"):
            try:
                import_module(f"{self.name}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{self.name}.{module}":
                    raise
