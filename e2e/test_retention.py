"""Issue 16, "done means": an administrator runs retention on a person past it, and the audit trail and the ledger
still check clean. She signs in through the real second step, finds the person among those due for erasure, sees what
erasure would do, is stopped until she confirms, erases the records and sees the record of the erasure."""

import io

from django.core.management import call_command

from selfdirect.audit import queries as audit_queries
from selfdirect.money import queries as money_queries
from selfdirect.people.models import Person
from tests.retention.conftest import build_past_person


def test_an_administrator_erases_a_person_past_retention_and_the_trail_and_ledger_check_clean(visitor, council,
                                                                                              settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    past = build_past_person(council)
    receipt = settings.MEDIA_ROOT / past.spent.receipt.name
    assert receipt.exists() and money_queries.check() == []
    v = visitor
    v.sign_in("admin")
    v.click("Retention", role="link")
    assert "The schedule in force: version 0" in v.text() and "Not confirmed" in v.text()
    v.click("People due for erasure", role="link")
    assert "Zebedee Quarrington-Vale" in v.text() and "1 April 2023" in v.text()
    assert "The person's social care record: kept 8 years from 31 March 2015" in v.text()
    v.click("Zebedee Quarrington-Vale", role="link")
    assert "What erasure would do" in v.text() and "Receipt files (deleted from the disk)" in v.text()
    v.click("Erase")
    assert "There is a problem" in v.text() and "Confirm that you understand this cannot be undone" in v.text()
    v.page.get_by_role("checkbox", name="I understand that this cannot be undone").check()
    v.click("Erase")
    assert "The records are erased" in v.text() and "The record of the erasure" in v.text()
    assert "Version 0" in v.text() and "Carers (deleted)" in v.text()
    assert "Quarrington" not in v.page.content() and f"ERASED-{past.person.pk}" in v.text()
    v.click("People due for erasure", role="link")
    assert "No one is due for erasure." in v.text()

    assert Person.objects.get(pk=past.person.pk).full_name == "Erased person"
    assert not receipt.exists()
    assert money_queries.check() == [] and audit_queries.verify_chain().broken is None
    call_command("money", "check", stdout=io.StringIO())  # each exits 1, raising, if anything is wrong
    call_command("audit", "check", stdout=io.StringIO())
