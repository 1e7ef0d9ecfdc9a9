"""Unit.oversees_region: a 法审员 sees the region subtree only from a unit that oversees its region.

Stored units get the setting their role in the county implies, so that reviewers who sat in a
government or in the county 司法局 keep their scope: the 人民政府 and 乡镇政府/街道办 kinds, and a
department named …司法局 (the county's 合法性审查中心 sits there). Everything else starts at False
(its reviewers see their own unit only); the unit pages and the Excel import can change it.
"""

from django.db import migrations, models

OVERSEEING_KINDS = ("government", "township_gov")


def set_overseeing_units(apps, schema_editor):
    unit = apps.get_model("org", "Unit")
    unit.objects.filter(kind__in=OVERSEEING_KINDS).update(oversees_region=True)
    unit.objects.filter(kind="department", name__endswith="司法局").update(oversees_region=True)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="oversees_region",
            field=models.BooleanField(
                default=False,
                help_text="勾选后，本单位的法审员可查看本区划及下级区划的全部记录（人民政府、"
                "乡镇政府/街道办、承担合法性审查的县司法局）；不勾选时只能查看本单位的记录。",
                verbose_name="统筹本区划事务",
            ),
        ),
        migrations.RunPython(set_overseeing_units, migrations.RunPython.noop),
    ]
