from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "fazhi.org"
    label = "org"
    verbose_name = "组织机构与人员"
