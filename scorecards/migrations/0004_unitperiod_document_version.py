from django.db import migrations


class Migration(migrations.Migration):
    """The report document's version gets its own name: ``version`` elsewhere is the
    optimistic-lock counter."""

    dependencies = [("scorecards", "0003_measure_history_target_proposal")]

    operations = [
        migrations.RenameField("unitperiod", "version", "document_version"),
        migrations.RenameField("historicalunitperiod", "version", "document_version"),
    ]
