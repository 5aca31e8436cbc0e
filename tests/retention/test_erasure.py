"""Erasing a person past the retention schedule: nothing that identifies them is left anywhere (every column of every
table searched), their history is purged, their receipt file is gone, and the ledger, `money check` and `audit check`
are as they were."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import ForeignKey, OneToOneField, Sum

from selfdirect.audit import queries as audit_queries
from selfdirect.audit.models import AuditEvent
from selfdirect.money import queries as money_queries
from selfdirect.money.models import JournalEntry, LedgerAccount, PaymentLine, Posting
from selfdirect.people.models import Person
from selfdirect.retention import actions, queries
from selfdirect.retention.models import Erasure
from tests import writes

pytestmark = pytest.mark.django_db


def _marks(past) -> list[str]:
    marks = past.marks
    return [marks["first_name"], marks["last_name"], marks["nhs_number"], marks["postcode"],
            marks["postcode"].replace(" ", ""), marks["date_of_birth"].isoformat(), past.reference, past.user.username,
            past.user.email, "Quarrington"]


def found_anywhere(marks, *, leave_out=()) -> list[str]:
    """Every (table, column, mark) where a mark appears, case-insensitively, in any column of any table (each value
    as text: a name in a JSON document or a long text is found as well as one in a name field)."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in leave_out:
                continue
            for column in connection.introspection.get_table_description(cursor, table):
                for mark in marks:
                    cursor.execute(f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 (names from the database)
                                   f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s", [f"%{mark.lower()}%"])
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column.name}: {mark}")
    return found


def ledger_totals() -> dict:
    return {
        "postings": dict(Posting.objects.order_by().values("account_id").annotate(t=Sum("amount_pence"))
                         .values_list("account_id", "t")),
        "posting_count": Posting.objects.count(),
        "balances": dict(LedgerAccount.objects.values_list("pk", "balance_pence")),
        "entries": JournalEntry.objects.count(),
        "entry_sums": list(JournalEntry.objects.order_by("pk").annotate(t=Sum("postings__amount_pence"))
                           .values_list("pk", "case_id", "kind", "on", "t")),
        "paid": list(PaymentLine.objects.order_by("pk").values_list("pk", "run_id", "entry_id", "amount_pence")),
    }


def test_the_person_is_due_and_their_records_hold_their_name_before(past):
    rows = queries.due_for_erasure(datetime.date.today())
    assert [row.person.pk for row in rows] == [past.person.pk]
    reasons = {r.kind: r for r in rows[0].decision.reasons}
    assert reasons["care_record"].due_on == datetime.date(2023, 4, 1)  # 8 years from the closure, 31 March 2015
    assert reasons["financial"].runs_from == datetime.date(2014, 3, 31)
    assert reasons["financial"].due_on == datetime.date(2020, 4, 1)
    assert rows[0].decision.due_on == datetime.date(2023, 4, 1)
    # the search finds what it is looking for: before erasure the marks are all over the database
    before = found_anywhere(_marks(past))
    for table in ["people_person", "people_historicalperson", "people_carer", "money_paymentrun",
                  "money_paymentline", "money_statementline", "subject_access_reviewitem", "accounts_user",
                  "planning_planitem", "charging_financialassessment"]:
        assert any(hit.startswith(table + ".") for hit in before), table


def test_erasure_leaves_no_identifying_value_in_any_table_but_the_audit_trail(past, admin_erases):
    admin_erases(past)
    assert found_anywhere(_marks(past), leave_out={"audit_auditevent"}) == []
    tombstone = Person.objects.get(pk=past.person.pk)
    assert (tombstone.full_name, tombstone.la_person_id, tombstone.nhs_number, tombstone.postcode) == (
        "Erased person", f"ERASED-{past.person.pk}", "", "")
    assert tombstone.user_id is None
    past.user.refresh_from_db()
    assert not past.user.is_active and not past.user.has_usable_password()


def test_erasure_purges_every_history_row_and_the_receipt_file(past, admin_erases, media):
    receipt = media / past.spent.receipt.name
    assert receipt.exists()
    admin_erases(past)
    assert not receipt.exists()
    leftovers = {qs.model._meta.label: qs.count() for qs in queries.history_of(past.person) if qs.count()}
    assert leftovers == {}
    counts = Erasure.objects.get(person=past.person).counts
    assert counts["history"] > 10 and counts["receipt_files"] == 1 and counts["carers"] == 1


def test_the_ledger_and_money_check_are_unchanged(past, admin_erases):
    assert money_queries.check() == []
    before = ledger_totals()
    admin_erases(past)
    assert ledger_totals() == before
    assert money_queries.check() == []
    assert PaymentLine.objects.filter(entry__case=past.case).values_list("payee", flat=True).distinct().get() == "Erased"


def test_the_audit_trail_checks_clean_after_erasure_and_after_the_purge(past, council, admin_erases):
    assert audit_queries.verify_chain().broken is None
    admin_erases(past)
    report = audit_queries.verify_chain()
    assert report.broken is None
    erased = AuditEvent.objects.filter(person=past.person, what__startswith="Erased the record").get()
    assert erased.actor == council.admin
    # the trail's own period (8 years) removes the 2014 and 2015 events, through the purge and its checkpoint
    ran = actions.run(actor=council.admin)
    assert ran.audit_events > 20 and not ran.erased
    assert audit_queries.verify_chain().broken is None
    # and now nothing anywhere names the person: not even the audit trail
    assert found_anywhere(_marks(past)) == []


def test_a_sign_in_that_is_also_someone_elses_is_only_unlinked(past, council, admin_erases):
    from selfdirect.accounts.models import RoleGrant
    from selfdirect.core.roles import Role

    RoleGrant.objects.create(user=past.user, role=Role.BUDGET_HOLDER)
    RoleGrant.objects.create(user=past.user, role=Role.SOCIAL_WORKER, team=council.south)  # she works for the council
    admin_erases(past)
    past.user.refresh_from_db()
    assert past.user.is_active and past.user.last_name == "Quarrington-Vale" and past.user.has_usable_password()
    assert Person.objects.get(pk=past.person.pk).user_id is None
    assert Erasure.objects.get().counts["sign_in"] == 1


def test_refused_erasure_changes_nothing(past, council):
    from selfdirect.retention.actions import place_hold

    place_hold(past.person, actor=council.admin, reason="A claim by the family, ref CL-1")
    before = writes.digest(set())
    with pytest.raises(actions.RetentionError, match="kept: a legal hold"):
        actions.erase(past.person, actor=council.admin)
    with pytest.raises(actions.RetentionError, match="Only an administrator"):
        actions.erase(past.person, actor=council.worker)
    assert writes.changed(before, writes.digest(set())) == []


def test_erasing_twice_is_refused(past, council, admin_erases):
    admin_erases(past)
    with pytest.raises(actions.RetentionError, match="were erased on"):
        actions.erase(past.person, actor=council.admin)


# ---- nothing is left behind when the models change -------------------------------------------------------------------


def test_every_field_of_a_person_is_overwritten_or_kept_on_purpose():
    fields = {f.name for f in Person._meta.concrete_fields}
    assert fields == set(actions.TOMBSTONE) | actions.TOMBSTONE_KEEPS, (
        "A field of Person is neither overwritten by erasure (retention.actions.TOMBSTONE) nor kept on purpose "
        f"(TOMBSTONE_KEEPS): {sorted(fields ^ (set(actions.TOMBSTONE) | actions.TOMBSTONE_KEEPS))}")


POINTED_AT = {"people.Person", "people.Carer", "people.Representative", "journey.Case", "planning.SupportPlan",
              "subject_access.SubjectAccessRequest", "subject_access.ReviewItem"}


def test_every_record_that_points_at_a_person_is_erased_or_kept_on_purpose():
    handled = {qs.model._meta.label for qs in queries.parts_of(Person(pk=0)).values()} | set(queries.KEPT)
    missed = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue  # purged whole (history_of)
        for field in model._meta.concrete_fields:
            if isinstance(field, ForeignKey | OneToOneField) and field.related_model._meta.label in POINTED_AT:
                if model._meta.label not in handled:
                    missed.append(f"{model._meta.label}.{field.name}")
    assert missed == [], "Say in retention.queries (parts_of, or KEPT with why) what erasure does to these"


def test_every_part_is_done_by_the_erasure():
    done = set(actions.BLANK) | set(actions.DELETE) | actions.SPECIAL
    assert done == set(queries.PARTS)
    assert set(queries.parts_of(Person(pk=0))) <= done
