from django.db import migrations


def load(apps, schema_editor):
    from selfdirect.people.seed import load_code_lists

    load_code_lists(apps.get_model("people", "CodeList"), apps.get_model("people", "Code"))


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
