"""Two payment runs for the same date at the same time (issue 19): the second waits for the first or is told that the
date's run is being made, never an unhandled error; one run is made, each period paid once, and the ledger checks
clean. On PostgreSQL, where CI runs the suite too: the second insert of the date waits on the first's row lock. (The
tests' SQLite database is in memory with a shared cache, whose table locks are not a file database's busy wait, so
these run on PostgreSQL only.)"""

import datetime
import threading

import pytest
from django.db import connection, connections

from selfdirect.money import actions, queries
from selfdirect.money.models import Instalment, PaymentRun

RUN_DAY = datetime.date(2026, 3, 20)
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need a database that waits for locks")


def _at_once(work, count=2):
    """Run `work` in `count` threads, each on its own database connection, released together."""
    start, outcomes = threading.Barrier(count), []

    def one():
        try:
            start.wait()
            outcomes.append(("done", work()))
        except actions.MoneyError as problem:
            outcomes.append(("told", str(problem)))
        except Exception as problem:  # noqa: BLE001  (the test reports any other failure)
            outcomes.append(("crashed", repr(problem)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_one_step_runs_for_a_date_at_once_make_one_run(council):
    council.live_person(user=council.holder)
    outcomes = _at_once(lambda: actions.pay(RUN_DAY, actor=council.finance)[0].pk)
    assert not [o for o in outcomes if o[0] == "crashed"], outcomes
    assert PaymentRun.objects.count() == 1 and queries.check() == []
    numbers = list(Instalment.objects.values_list("case_id", "period_number"))
    assert len(numbers) == len(set(numbers)) and numbers
    told = [text for kind, text in outcomes if kind == "told"]
    assert all("is being made or was made already" in text for text in told), told


@pytest.mark.django_db(transaction=True)
def test_two_officers_preparing_the_same_date_at_once_leave_one_prepared_run(council):
    council.live_person(user=council.holder)
    outcomes = _at_once(lambda: actions.prepare_run(RUN_DAY, actor=council.finance).pk)
    assert not [o for o in outcomes if o[0] == "crashed"], (connection.vendor, outcomes)
    assert PaymentRun.objects.count() == 1 and PaymentRun.objects.get().status == PaymentRun.Status.PREPARED
    assert not Instalment.objects.exists() and queries.check() == []
