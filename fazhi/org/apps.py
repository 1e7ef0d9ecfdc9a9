from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "fazhi.org"
    label = "org"
    verbose_name = "组织机构与人员"

    def ready(self) -> None:
        from fazhi.org import (
            demo,  # noqa: F401  (registers the org step of seed_demo)
            nav,  # noqa: F401
        )
