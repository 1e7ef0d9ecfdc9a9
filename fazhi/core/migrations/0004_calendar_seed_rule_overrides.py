"""Seed the official holiday calendar from the chinesecalendar package; add rule overrides.

Every year the package knows (2004-2026 in 1.11) is entered: weekdays off as 休息 with the
holiday's Chinese name, weekend days worked (调休上班) as 上班 with the name of the holiday they
serve. Later years are entered by administrators (/calendar/) when the 国务院办公厅 notice
appears; `fazhi seed_calendar` adds the years of a newer package to an existing database.
"""

import django.utils.timezone
from django.db import migrations, models


def seed_calendar(apps, schema_editor):
    from fazhi.core.calendar import package_days, package_source, package_years

    year_model = apps.get_model("core", "CalendarYear")
    day_model = apps.get_model("core", "CalendarDay")
    source = package_source()
    for year in package_years():
        if year_model.objects.filter(year=year).exists():
            continue
        year_model.objects.create(year=year, source=source)
        stored = set(day_model.objects.filter(date__year=year).values_list("date", flat=True))
        day_model.objects.bulk_create(
            day_model(date=e.date, kind=e.kind, name=e.name)
            for e in package_days(year)
            if e.date not in stored
        )


def unseed_calendar(apps, schema_editor):
    from fazhi.core.calendar import package_source

    year_model = apps.get_model("core", "CalendarYear")
    day_model = apps.get_model("core", "CalendarDay")
    years = list(year_model.objects.filter(source=package_source()).values_list("year", flat=True))
    for year in years:
        day_model.objects.filter(date__year=year).delete()
    year_model.objects.filter(year__in=years).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_audit_append_only'),
    ]

    operations = [
        migrations.CreateModel(
            name='DeadlineRuleOverride',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('rule_key', models.CharField(max_length=100, unique=True, verbose_name='期限规则')),
                ('count', models.PositiveIntegerField(verbose_name='期限')),
                ('reason', models.CharField(max_length=300, verbose_name='依据或说明')),
            ],
            options={
                'verbose_name': '期限规则调整',
                'verbose_name_plural': '期限规则调整',
                'ordering': ['rule_key'],
            },
        ),
        migrations.RunPython(seed_calendar, unseed_calendar),
    ]
