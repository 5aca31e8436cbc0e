"""The directory's own taxonomy, "What you can do": the terms the public search offers (a copy of
market.search.WHAT_YOU_CAN_DO as it stood when this migration was written)."""

from django.db import migrations

TAXONOMY = "What you can do"
TERMS = [
    ("personal_care", "Personal care", "Help at home with washing, dressing, eating and taking medicines"),
    ("personal_assistant", "Personal assistant agency", "An agency that finds, employs or supports personal assistants"),
    ("day_opportunity", "Day opportunity", "Somewhere to go in the day: activities, learning, work and company"),
    ("club", "Club or group", "A club, class or group to join, often in the evening or at weekends"),
    ("transport", "Transport", "Getting to places: accessible transport, driving and escorts"),
    ("equipment", "Equipment", "Equipment and adaptations to buy or hire, with advice on choosing them"),
    ("short_break", "Short break", "A break away from home, or support at home, so a carer can rest"),
]


def load(apps, schema_editor):
    Taxonomy = apps.get_model("market", "Taxonomy")
    TaxonomyTerm = apps.get_model("market", "TaxonomyTerm")
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=TAXONOMY, source_id="", defaults={"description": "What a person can do with a service", "version": "1"})
    for code, name, description in TERMS:
        TaxonomyTerm.objects.get_or_create(taxonomy=taxonomy, code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("market", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
