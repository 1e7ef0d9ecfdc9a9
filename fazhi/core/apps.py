from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "基础平台"

    def ready(self) -> None:
        # nav, audit_nav: navigation entries; signals: security events into the audit log.
        from fazhi.core import audit_nav, nav, signals  # noqa: F401

        # Each app's `deadlines.py` declares its rules and registers its inbox provider, `nav.py`
        # its navigation entries and `demo.py` its seed_demo step, as `admin.py` does for the
        # admin. Importing a module twice registers nothing twice.
        autodiscover_modules("deadlines", "nav", "demo")
