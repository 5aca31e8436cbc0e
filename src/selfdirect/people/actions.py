"""Every write to a person's record."""

from django.db import transaction

from selfdirect.audit import services as audit
from selfdirect.journey import services as journey

from . import codes
from .checks import CheckFailed, normalise_nhs_number, normalise_postcode
from .models import Carer, Code, CodeList, Person, Representative

PERSON_FIELDS = [
    "first_name", "last_name", "date_of_birth", "nhs_number", "gender", "ethnicity", "postcode",
    "accommodation_status", "employment_status", "gp_practice_name", "gp_practice_code", "client_type",
    "primary_support_reason", "client_group", "autism", "visual_impairment", "hearing_impairment", "dementia",
    "client_funding_status", "previous_package_description", "previous_package_weekly_pence",
]


class PersonError(Exception):
    """Bad data for a person; `field` names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def check_person_data(data: dict) -> dict:
    """Validate coded fields and identifiers once more at the point of writing (the API and CLI come here too)."""
    cleaned = dict(data)
    try:
        if cleaned.get("nhs_number"):
            cleaned["nhs_number"] = normalise_nhs_number(cleaned["nhs_number"])
        cleaned["postcode"] = normalise_postcode(cleaned.get("postcode", ""))
    except CheckFailed as failure:
        field = "nhs_number" if "NHS" in str(failure) else "postcode"
        raise PersonError(field, str(failure)) from None
    for name, list_name in codes.PERSON_FIELD_LISTS.items():
        if name in cleaned and not codes.is_valid(list_name, cleaned[name]):
            raise PersonError(name, f"{name.replace('_', ' ').capitalize()} must be one of the codes in the "
                                    f"'{list_name}' list")
    return cleaned


def _next_reference() -> str:
    """EX000001, EX000002, ...: the council's person reference, one more than the highest given."""
    last = Person.objects.filter(la_person_id__startswith="EX").order_by("-la_person_id").values_list(
        "la_person_id", flat=True).first()
    return f"EX{int(last[2:]) + 1 if last else 1:06d}"


@transaction.atomic
def create_person(data: dict, *, team, referral: dict, actor, channel="web") -> Person:
    """Create the person and open their case at the referral step."""
    cleaned = check_person_data(data)
    fields = {k: cleaned[k] for k in PERSON_FIELDS if k in cleaned and cleaned[k] is not None}
    person = Person.objects.create(la_person_id=_next_reference(), team=team, **fields)
    audit.record(actor=actor, action=audit.Action.CREATE, person=person, what="Created the record", channel=channel)
    journey.open_case(person, referred_on=referral["referred_on"], route_of_access=referral["route_of_access"],
                      reason=referral["reason"], actor=actor, channel=channel)
    return person


@transaction.atomic
def add_carer(person, *, actor, name, relationship, lives_with_person, hours_caring_per_week,
              willing_and_able_to_continue, channel="web") -> Carer:
    carer = Carer.objects.create(person=person, name=name, relationship=relationship,
                                 lives_with_person=lives_with_person, hours_caring_per_week=hours_caring_per_week,
                                 willing_and_able_to_continue=willing_and_able_to_continue)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=person, what=f"Added unpaid carer {name}",
                 channel=channel)
    return carer


@transaction.atomic
def add_representative(person, *, actor, name, relationship, legal_basis, evidence, user, starts_on,
                       channel="web") -> Representative:
    if legal_basis not in Representative.LegalBasis.values:
        raise PersonError("legal_basis", "Select the legal basis for acting")
    rep = Representative.objects.create(person=person, name=name, relationship=relationship, legal_basis=legal_basis,
                                        evidence=evidence, user=user, starts_on=starts_on)
    audit.record(actor=actor, action=audit.Action.CHANGE, person=person,
                 what=f"Recorded that {name} may act for the person ({rep.get_legal_basis_display()})",
                 why=evidence, channel=channel)
    return rep


@transaction.atomic
def add_code(code_list: CodeList, *, actor, code: str, label: str) -> Code:
    if code_list.official:
        raise PersonError("code", "This is an official CLD list and cannot be changed here")
    if Code.objects.filter(code_list=code_list, code=code).exists():
        raise PersonError("code", "That code is already in the list")
    created = Code.objects.create(code_list=code_list, code=code, label=label, position=code_list.codes.count())
    audit.record(actor=actor, action=audit.Action.CHANGE, what=f"Added code {code!r} to list {code_list.name}")
    return created
