"""The Client Level Data specification names the field "Request: Route of Access": load the shipped code lists again
(idempotent) so that a database made before this carries the corrected field name."""

from django.db import migrations


def load(apps, schema_editor):
    from selfdirect.people.seed import load_code_lists

    load_code_lists(apps.get_model("people", "CodeList"), apps.get_model("people", "Code"))


class Migration(migrations.Migration):
    dependencies = [("people", "0002_load_code_lists")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
