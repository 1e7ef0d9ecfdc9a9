from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础平台"

    def ready(self) -> None:
        # nav, audit_nav: navigation entries; signals: security events into the audit log.
        from fazhi.core import audit_nav, nav, signals  # noqa: F401
