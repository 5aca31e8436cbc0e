"""Consent to research is a record of its own now (people.Consent, moved across by 0006): the yes/no goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0006_authority_kinds_and_consent_records_from_old_data")]
    operations = [
        migrations.RemoveField(model_name="person", name="research_consent"),
        migrations.RemoveField(model_name="historicalperson", name="research_consent"),
    ]
