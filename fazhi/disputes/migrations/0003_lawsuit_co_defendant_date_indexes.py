"""(共同被告, date) indexes for the dispute indicators' co-defendant part, as the 被告 has."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disputes", "0002_default_fields"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="lawsuit",
            index=models.Index(
                fields=["co_defendant", "filed_on"], name="disputes_la_co_defe_c76a15_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="lawsuit",
            index=models.Index(
                fields=["co_defendant", "first_hearing_on"], name="disputes_la_co_defe_9d91fe_idx"
            ),
        ),
    ]
