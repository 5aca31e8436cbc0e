"""Two-person payment runs (issue 19): one finance officer prepares a run and sees what it would pay, skip and catch up,
with nothing posted; a second approves it, and only then is it posted and its file written; the preparer cannot
approve; a run that would pay something else by then is refused; the command line follows the same rules."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from selfdirect.accounts.models import User
from selfdirect.core.roles import Role
from selfdirect.money import actions, queries
from selfdirect.money.models import JournalEntry, PaymentRun

RUN_DAY = datetime.date(2026, 3, 20)


@pytest.fixture
def approver(council):
    return User.objects.create_user(username="finance.approver", password="a-long-test-password",
                                    role=Role.FINANCE_OFFICER, first_name="Ade", last_name="Approver")


def money(*args):
    out = io.StringIO()
    call_command("money", *args, stdout=out)
    return out.getvalue()


def test_a_prepared_run_posts_nothing_and_the_preparer_cannot_approve_it(council, approver):
    council.live_person(user=council.holder)
    run = actions.prepare_run(RUN_DAY, actor=council.finance)
    assert run.status == PaymentRun.Status.PREPARED and run.reference == "RUN-20260320"
    assert not JournalEntry.objects.exists() and not run.lines.exists() and run.file_text == ""
    preview = run.preview
    assert preview["report"]["paid"] == 3 and len(preview["lines"]) == 3  # three periods caught up, a line each
    assert preview["lines"][0]["person"] == "EX000001" and len(preview["lines"][0]["account_ends"]) == 4
    with pytest.raises(actions.MoneyError, match="a second finance officer approves it"):
        actions.approve_run(run, actor=council.finance)
    paid, report = actions.approve_run(run, actor=approver)
    assert paid.status == PaymentRun.Status.PAID and paid.approved_by == approver
    assert report.total_pence == sum(line["amount_pence"] for line in preview["lines"])
    assert paid.file_text and queries.check() == []
    with pytest.raises(actions.MoneyError, match="approved and paid already"):
        actions.approve_run(paid, actor=approver)
    with pytest.raises(actions.MoneyError, match="approved and paid already"):
        actions.prepare_run(RUN_DAY, actor=council.finance)


def test_a_run_that_would_pay_something_else_by_approval_is_refused_and_posts_nothing(council, approver):
    person = council.live_person(user=council.holder)
    run = actions.prepare_run(RUN_DAY, actor=council.finance)
    actions.suspend(council.case(person), actor=council.worker, starts_on=datetime.date(2026, 1, 1),
                    reason="In hospital")
    with pytest.raises(actions.MoneyError, match="has changed since it was prepared"):
        actions.approve_run(run, actor=approver)
    assert not JournalEntry.objects.exists()
    again = actions.prepare_run(RUN_DAY, actor=council.finance)
    assert again.pk == run.pk and again.preview["report"]["paid"] == 0
    actions.approve_run(again, actor=approver)


def test_only_finance_prepares_and_approves(council, approver):
    with pytest.raises(actions.MoneyError):
        actions.prepare_run(RUN_DAY, actor=council.worker)
    run = actions.prepare_run(RUN_DAY, actor=council.finance)
    with pytest.raises(actions.MoneyError):
        actions.approve_run(run, actor=council.manager)


def test_the_command_line_prepares_approves_and_then_writes_the_file(council, approver, tmp_path):
    council.live_person(user=council.holder)
    out = tmp_path / "run.csv"
    with pytest.raises(CommandError) as none_yet:
        money("pay", "--run-date", RUN_DAY.isoformat(), "--out", str(out))
    assert none_yet.value.returncode == 1 and "prepare one first" in str(none_yet.value)
    said = money("prepare", "--run-date", RUN_DAY.isoformat(), "--actor", "finance")
    assert said.startswith("Prepared RUN-20260320: 3 instalments") and "Catching up" in said
    with pytest.raises(CommandError) as waiting:
        money("pay", "--run-date", RUN_DAY.isoformat(), "--out", str(out))
    assert waiting.value.returncode == 1 and "RUN-20260320 was prepared by" in str(waiting.value)
    with pytest.raises(CommandError) as same:
        money("approve", "RUN-20260320", "--actor", "finance")
    assert same.value.returncode == 1 and "a second finance officer approves it" in str(same.value)
    assert "Approved and paid RUN-20260320" in money("approve", "RUN-20260320", "--actor", "finance.approver")
    said = money("pay", "--run-date", RUN_DAY.isoformat(), "--out", str(out))
    assert said.startswith("Already made") and out.read_bytes() == PaymentRun.objects.get().file_text.encode()
    with pytest.raises(CommandError) as unknown:
        money("approve", "RUN-2026", "--actor", "finance.approver")
    assert unknown.value.returncode == 2
