from django.apps import AppConfig


class DiscoveryAppConfig(AppConfig):
    name = "fazhi.core.tests.discovery_app"
    label = "core_discovery_test"
    verbose_name = "期限发现测试"
    # No ready(): its deadlines module is imported by fazhi.core's ready() alone.
