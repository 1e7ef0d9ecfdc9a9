from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "fazhi.dashboard"
    label = "dashboard"
    verbose_name = "一屏掌控"

    def ready(self) -> None:
        from fazhi.dashboard import cache

        cache.connect_invalidation()
