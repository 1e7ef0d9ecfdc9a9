from django.apps import AppConfig


class ReportsConfig(AppConfig):
    # Its nav, demo and deadlines modules are found by core.
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "法治政府建设年度报告"
