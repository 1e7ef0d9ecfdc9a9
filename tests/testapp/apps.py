from django.apps import AppConfig


class TestappConfig(AppConfig):
    # Its `indicators` and `deadlines` modules are found the way a domain app's are.
    name = "tests.testapp"
    label = "testapp"
    verbose_name = "测试模块"
