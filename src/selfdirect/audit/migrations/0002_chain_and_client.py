"""The client address and session of each event, and the hash chain (audit.chain): the fields, then the chain worked
out for the events already written, oldest first."""

import django.utils.timezone
from django.db import migrations, models

from selfdirect.audit import chain


def chain_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    previous = chain.GENESIS
    batch = []
    for event in AuditEvent.objects.using(schema_editor.connection.alias).order_by("id").iterator(chunk_size=2000):
        content = {"at": event.at, "actor": event.actor_id, "action": event.action, "person": event.person_id,
                   "what": event.what, "why": event.why, "channel": event.channel, "address": event.address,
                   "session": event.session, "purged_to_hash": event.purged_to_hash}
        event.previous_hash, event.row_hash = previous, chain.link(previous, content)
        previous = event.row_hash
        batch.append(event)
        if len(batch) == 2000:
            AuditEvent.objects.using(schema_editor.connection.alias).bulk_update(batch, ["previous_hash", "row_hash"])
            batch = []
    if batch:
        AuditEvent.objects.using(schema_editor.connection.alias).bulk_update(batch, ["previous_hash", "row_hash"])


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(choices=[("read", "Viewed"), ("create", "Created"), ("change", "Changed"),
                                            ("transition", "Moved the case on"), ("step_back", "Moved the case back"),
                                            ("decision", "Made a decision"), ("export", "Exported"),
                                            ("refused", "Was refused access"), ("checkpoint", "Removed older events")],
                                   max_length=20),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="address",
            field=models.CharField(blank=True, default="", max_length=45),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="session",
            field=models.CharField(blank=True, default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="row_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="purged_to_hash",
            field=models.CharField(blank=True, default="", max_length=64),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="PurgePermit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("granted_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop, elidable=True),
    ]
