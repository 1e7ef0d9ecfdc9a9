from importlib import import_module

from django.apps import AppConfig


class TestappConfig(AppConfig):
    name = "tests.testapp"
    label = "testapp"
    verbose_name = "测试模块"

    def ready(self) -> None:
        # Registrations with the platform's registries, the way a domain app makes them.
        for module in ("indicators", "deadlines"):
            try:
                import_module(f"{self.name}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{self.name}.{module}":
                    raise
