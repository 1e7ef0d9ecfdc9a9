from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class IndicatorsConfig(AppConfig):
    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        # Each app's `indicators.py` registers its declarations, as `admin.py` does for the admin.
        autodiscover_modules("indicators")
