"""Moves what was held before authority and consent were records of their kind.

Authority (`Representative.legal_basis`, now `kind`) had four values. Each keeps its meaning where the new kinds
have one, and gets a scope, which says what of the record its holder sees (people/authority.py):

| old value            | kind now                                   | scope now                                  |
|----------------------|--------------------------------------------|--------------------------------------------|
| `consent`            | consent of the person                      | welfare and money (what it opened before)  |
| `authorised_person`  | authorised person, Care Act s.32            | the direct payment (budget and plan)       |
| `deputy`             | Court of Protection deputy                 | NOT RECORDED                               |
| `attorney`           | LPA, which kind not recorded               | NOT RECORDED                               |

An old `attorney` row did not say which lasting power of attorney it was (health and welfare, or property and
financial affairs), and an old `deputy` row did not say what the court's order covers; the law gives these two very
different reach, so we do not guess. Their scope is "not recorded": until a worker reviews the authority (the
person's record, "Review", which asks for the kind, the scope and the evidence), its holder sees only the person's
name, reference and date of birth, and the person's record flags it. The old "evidence" text is kept as the evidence
reference; the date it was seen was not kept, so it is blank. Who recorded the old rows was not kept either.

Consent to research (`Person.research_consent`, a yes/no) becomes a consent record for each person who had said yes:
purpose research, given on the day this migration runs (the day they agreed was not kept), recorded by nobody,
against version 1 of the research information (loaded here, with version 1 of each purpose's information, from
people/seed.py), with a note saying so. A "no" needs no record. Person.research_consent is removed by 0007.

Undoing the migration puts the old values back where it can (`consent` → consent, `authorised_person` → authorised
person, a deputy → deputy, any LPA or EPA → attorney, anything else → consent) and sets research_consent for the people
with a consent to research live today."""

from django.db import migrations
from django.utils import timezone

OLD_TO_NEW = {
    "consent": ("consent", "welfare_and_property"),
    "authorised_person": ("authorised_person", "direct_payments"),
    "deputy": ("deputy", "not_recorded"),
    "attorney": ("lpa_type_not_recorded", "not_recorded"),
}
NOTE = ("Moved from the yes/no research agreement held before consent was recorded as its own record: the day it was "
        "given and who recorded it were not kept, so it is dated the day it was moved.")


def authority_for_old_basis(legal_basis: str) -> tuple[str, str]:
    """(kind, scope) for a representative's old legal basis. A value the old list did not have keeps no reach beyond
    the person's name: it is treated as an LPA of a kind not recorded."""
    return OLD_TO_NEW.get(legal_basis, ("lpa_type_not_recorded", "not_recorded"))


def old_basis_for(kind: str) -> str:
    if kind in {"consent", "authorised_person", "deputy"}:
        return kind
    if kind in {"lpa_health_welfare", "lpa_property_finance", "lpa_type_not_recorded", "epa"}:
        return "attorney"
    return "consent"


def forwards(apps, schema_editor):
    from selfdirect.people.seed import load_consent_information

    Representative = apps.get_model("people", "Representative")
    for rep in Representative.objects.all().only("pk", "kind"):
        kind, scope = authority_for_old_basis(rep.kind)
        Representative.objects.filter(pk=rep.pk).update(kind=kind, scope=scope)

    ConsentInformation = apps.get_model("people", "ConsentInformation")
    load_consent_information(ConsentInformation)
    Person = apps.get_model("people", "Person")
    Consent = apps.get_model("people", "Consent")
    agreed = list(Person.objects.filter(research_consent=True).values_list("pk", flat=True))
    if agreed:
        version_1 = ConsentInformation.objects.get(purpose="research", version=1)
        today = timezone.localdate()
        Consent.objects.bulk_create([Consent(person_id=pk, purpose="research", information=version_1, given_on=today,
                                             note=NOTE) for pk in agreed])


def backwards(apps, schema_editor):
    Representative = apps.get_model("people", "Representative")
    for rep in Representative.objects.all().only("pk", "kind"):
        Representative.objects.filter(pk=rep.pk).update(kind=old_basis_for(rep.kind))
    Person = apps.get_model("people", "Person")
    Consent = apps.get_model("people", "Consent")
    today = timezone.localdate()
    live = (Consent.objects.filter(purpose="research", given_on__lte=today)
            .exclude(withdrawn_on__lte=today).values("person_id"))
    Person.objects.filter(pk__in=live).update(research_consent=True)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_authority_and_consent_records")]
    operations = [migrations.RunPython(forwards, backwards)]
