"""Copies the shipped code lists into the database. Safe to run again: it adds what is missing and never removes a
council's own codes."""

from .code_lists import shipped_lists
from .models import Code, CodeList


def load_code_lists(code_list_model=CodeList, code_model=Code) -> int:
    added = 0
    for name, spec in shipped_lists().items():
        code_list, _ = code_list_model.objects.update_or_create(
            name=name,
            defaults={
                "title": spec["title"],
                "cld_field": spec.get("cld_field") or "",
                "official": spec["official"],
                "source": spec["source"],
            },
        )
        for position, item in enumerate(spec["codes"]):
            _, created = code_model.objects.get_or_create(
                code_list=code_list, code=item["code"], defaults={"label": item["label"], "position": position}
            )
            added += int(created)
    return added
