"""The purposes of consent in plain words (people/authority.py's PURPOSES), and version 1 of each purpose's
information dated honestly.

Version 1 is the words Selfdirect ships (people/seed.py), loaded by migration 0006 and stamped with the moment it was
loaded, so consents moved from before (and the demo's, given years before it is built) were given against words
"published" after them. It has no publication of its own, so it is dated the earliest day any consent was given
against it, where that is earlier than the day it was loaded; from now on people.actions.record_consent keeps it so.
Undoing this leaves the dates as they are (an earlier date is the true one)."""

import datetime

from django.db import migrations, models
from django.db.models import Min
from django.utils import timezone


def date_version_1_by_its_consents(apps, schema_editor):
    ConsentInformation = apps.get_model("people", "ConsentInformation")
    for information in ConsentInformation.objects.filter(version=1, published_by__isnull=True):
        earliest = information.consents.aggregate(day=Min("given_on"))["day"]
        if earliest is not None and earliest < timezone.localdate(information.published_at):
            information.published_at = timezone.make_aware(datetime.datetime.combine(earliest, datetime.time.min))
            information.save(update_fields=["published_at"])


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0007_remove_person_research_consent"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consent",
            name="purpose",
            field=models.CharField(choices=[("research", "Research using information about them, without their name"), ("sharing", "Sharing information about them beyond the care team"), ("plan_examples", "Examples from their plan shown to others, without their name")], max_length=30),
        ),
        migrations.AlterField(
            model_name="consentinformation",
            name="purpose",
            field=models.CharField(choices=[("research", "Research using information about them, without their name"), ("sharing", "Sharing information about them beyond the care team"), ("plan_examples", "Examples from their plan shown to others, without their name")], max_length=30),
        ),
        migrations.RunPython(date_version_1_by_its_consents, migrations.RunPython.noop),
    ]
