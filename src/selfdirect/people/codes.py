"""The live code lists (the database copy, which a council may edit where the list is its own)."""

from .models import Code, CodeList


def choices(list_name: str) -> list[tuple[str, str]]:
    return list(
        Code.objects.filter(code_list__name=list_name, active=True).order_by("position", "id").values_list("code", "label")
    )


def is_valid(list_name: str, code: str) -> bool:
    return Code.objects.filter(code_list__name=list_name, code=code, active=True).exists()


def label(list_name: str, code: str) -> str:
    found = Code.objects.filter(code_list__name=list_name, code=code).values_list("label", flat=True).first()
    return found or code


def all_lists():
    return CodeList.objects.prefetch_related("codes")


# Which person field takes its values from which list.
PERSON_FIELD_LISTS = {
    "gender": "gender",
    "ethnicity": "ethnicity",
    "client_type": "client_type",
    "primary_support_reason": "primary_support_reason",
    "client_group": "client_group",
    "accommodation_status": "accommodation_status",
    "employment_status": "employment_status",
    "autism": "yes_no_unknown",
    "visual_impairment": "yes_no_unknown",
    "hearing_impairment": "yes_no_unknown",
    "dementia": "yes_no_unknown",
    "client_funding_status": "client_funding_status",
}
