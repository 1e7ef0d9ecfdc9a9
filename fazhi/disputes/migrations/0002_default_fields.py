"""The fields of administration (领域) a county starts with; it edits them in the config admin."""

from django.db import migrations

DEFAULT_FIELDS = [
    ("land", "土地征收", "征地、集体土地征收"),
    ("housing", "房屋征收拆迁", "房屋征收、拆迁、征迁"),
    ("demolition", "拆违控违", "拆违、违法建筑、违建"),
    ("market", "市场监管", "市场监督管理、食品药品"),
    ("police", "公安", "治安、交通管理、户籍"),
    ("labour", "人社", "人力资源和社会保障、劳动保障、工伤认定、社保"),
    ("resources", "自然资源", "自然资源和规划、规划、国土"),
    ("enforcement", "综合执法", "综合行政执法、城市管理、城管"),
    ("ecology", "生态环境", "环境保护、环保"),
    ("transport", "交通运输", "交通"),
    ("disclosure", "政府信息公开", "信息公开"),
    ("other", "其他", ""),
]


def add(apps, schema_editor):
    DisputeField = apps.get_model("disputes", "DisputeField")
    for order, (code, name, aliases) in enumerate(DEFAULT_FIELDS, start=1):
        DisputeField.objects.get_or_create(
            code=code, defaults={"name": name, "aliases": aliases, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
