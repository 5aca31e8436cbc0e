# Individual service funds' statements from their providers: a line's hours, and a reference for each fund
# (ISF-<council reference>-<provider id>, money.actions.account_reference) so that a statement can name it.

from django.db import migrations, models


def give_funds_references(apps, schema_editor):
    """Every individual service fund opened before funds had references gets one. A reference already taken (a person's
    earlier budget with the same provider) is left off the later fund, which no statement can then name: none is
    expected, as a person's later budget opens a fund of its own only after this migration."""
    LedgerAccount = apps.get_model("money", "LedgerAccount")
    taken = set(LedgerAccount.objects.exclude(reference__isnull=True).values_list("reference", flat=True))
    funds = (LedgerAccount.objects.filter(key__startswith="isf:", reference__isnull=True)
             .select_related("case__person").order_by("pk"))
    given = []
    for fund in funds.iterator(chunk_size=2000):
        reference = f"ISF-{fund.case.person.la_person_id}-{fund.key.partition(':')[2]}"
        if reference not in taken:
            taken.add(reference)
            fund.reference = reference
            given.append(fund)
        if len(given) >= 2000:
            LedgerAccount.objects.bulk_update(given, ["reference"])
            given = []
    LedgerAccount.objects.bulk_update(given, ["reference"])


class Migration(migrations.Migration):

    dependencies = [
        ('money', '0005_two_person_runs'),
    ]

    operations = [
        migrations.AddField(
            model_name='statementline',
            name='hours',
            field=models.DecimalField(blank=True, decimal_places=2, help_text="A provider's statement of a fund: the hours of support the line paid for", max_digits=6, null=True),
        ),
        migrations.AlterField(
            model_name='ledgeraccount',
            name='reference',
            field=models.CharField(blank=True, help_text='How statements name a direct payment account, e.g. DP-EX000001, or an individual service fund, e.g. ISF-EX000001-3 (money.actions.account_reference)', max_length=40, null=True, unique=True),
        ),
        migrations.RunPython(give_funds_references, migrations.RunPython.noop),
    ]
