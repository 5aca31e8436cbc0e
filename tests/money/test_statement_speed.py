"""What makes a year of statements fast (issue 19, "Fast": bench/bench_statements.py measures it) changes nothing the
import and reconciliation do: an import says how far it has got, each line posts the entry its rule gives and the
balances are added once (one entry for each account, month and import), the count of equal lines is the same however far apart they are, and matching set-based finds
what checking each reported spending in turn found."""

import datetime

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from selfdirect.accounts.models import User
from selfdirect.money import actions, bulk, queries, reconcile, statements
from selfdirect.money.models import JournalEntry, LedgerAccount, StatementLine
from tests.hypo import examples

D = datetime.date


def test_an_import_and_reconciliation_say_how_far_they_have_got(council, monkeypatch):
    council.live_person(user=council.holder)
    monkeypatch.setattr(actions, "STATEMENT_BATCH", 4)
    monkeypatch.setattr(actions, "RECONCILE_BATCH", 2)
    text = "Date,Description,Amount\n" + "".join(f"2026-02-{day:02d},Shop {day},-1.{day:02d}\n" for day in range(1, 11))
    said = []
    actions.import_statement(text.encode(), name="feb.csv", actor=council.finance, account_ref="DP-EX000001", progress=said.append)
    assert said == ["4 lines read, 4 new", "8 lines read, 8 new", "10 lines read, 10 new"]
    said.clear()
    actions.import_statement(text.encode(), name="feb.csv", actor=council.finance, account_ref="DP-EX000001", progress=said.append)
    assert said == ["4 lines read, 0 new", "8 lines read, 0 new", "10 lines read, 0 new"]
    said.clear()
    assert actions.reconcile(progress=said.append) == 0
    assert said == ["2 payments out read", "4 payments out read", "6 payments out read", "8 payments out read",
                    "10 payments out read", "10 payments out read, 0 matched"]


@pytest.mark.parametrize("batch", [1, 5000])  # 1: each line and each entry written on its own
def test_payments_out_post_one_balanced_spending_entry_a_month_money_in_posts_nothing_and_the_balances_agree(council, monkeypatch, batch):
    monkeypatch.setattr(actions, "STATEMENT_BATCH", batch)
    council.live_person(user=council.holder)
    text = ("Date,Description,Amount\n2026-02-03,Taxi,-9.00\n2026-02-03,Taxi,-9.00\n2026-02-04,Refund,5.00\n"
            "2026-02-05,Shop,-1.25\n2026-03-02,Shop,-2.00\n")
    report = actions.import_statement(text.encode(), name="feb.csv", actor=council.finance, account_ref="DP-EX000001")
    assert report.imported == 5
    lines = list(StatementLine.objects.select_related("entry").order_by("line_number"))
    assert [line.entry is not None for line in lines] == [True, True, False, True, True]
    february, march = lines[0].entry, lines[4].entry
    assert lines[1].entry == lines[3].entry == february != march
    for entry, on, pence, n in ((february, datetime.date(2026, 2, 5), 900 + 900 + 125, 3), (march, datetime.date(2026, 3, 2), 200, 1)):
        postings = sorted((p.account.key, p.amount_pence) for p in entry.postings.select_related("account"))
        assert entry.kind == JournalEntry.Kind.SPENDING and entry.on == on
        assert postings == [("direct_payment", -pence), ("spent", pence)]
        assert entry.description.startswith(f"{n} payment{'s' if n > 1 else ''} out of the account, {on:%B %Y}: statement feb.csv")
    spent = LedgerAccount.objects.get(case__person__la_person_id="EX000001", key="spent")
    assert spent.balance_pence == 900 + 900 + 125 + 200
    assert queries.check() == []
    more = "Date,Description,Amount\n2026-02-06,Bus,-3.00\n"
    actions.import_statement(more.encode(), name="feb-2.csv", actor=council.finance, account_ref="DP-EX000001")
    assert StatementLine.objects.get(description="Bus").entry not in (february, march)  # each import posts its own
    assert queries.check() == []


def test_money_check_finds_a_statement_entry_that_does_not_post_its_lines_total(council):
    council.live_person(user=council.holder)
    text = "Date,Description,Amount\n2026-02-03,Taxi,-9.00\n2026-02-05,Shop,-1.25\n2026-02-06,Refund,4.00\n"
    actions.import_statement(text.encode(), name="feb.csv", actor=council.finance, account_ref="DP-EX000001")
    shop, refund = StatementLine.objects.get(description="Shop"), StatementLine.objects.get(description="Refund")
    entry = shop.entry
    StatementLine.objects.filter(pk=shop.pk).update(amount_pence=-130)
    assert queries.check() == [f"entry {entry.pk}: its 2 statement line(s) total -1030p, it posts -1025p to their account"]
    StatementLine.objects.filter(pk=shop.pk).update(amount_pence=-125, entry=None)
    assert queries.check() == [f"statement line {shop.pk}: a payment out that no entry posts",
                               f"entry {entry.pk}: its 1 statement line(s) total -900p, it posts -1025p to their account"]
    StatementLine.objects.filter(pk=shop.pk).update(entry=entry)
    assert queries.check() == []
    StatementLine.objects.filter(pk=refund.pk).update(entry=entry)
    assert queries.check() == [f"entry {entry.pk}: its 3 statement line(s) total -625p, it posts -1025p to their account"]


def test_a_line_seen_again_after_the_count_moved_to_disk_gets_its_next_number():
    text = "Date,Description,Amount\n" + "2026-02-01,Taxi,-9.00\n" + "".join(f"2026-02-{d:02d},Shop {d},-1.00\n" for d in range(2, 28))
    text += "2026-02-01,Taxi,-9.00\n2026-02-01,TAXI ,-9.00\n"
    parsed = list(statements.iter_csv(text.splitlines(keepends=True), statements.Mapping(), account="A"))
    in_memory = [line.fingerprint for line in statements.fingerprinted(parsed)]
    for line in parsed:
        line.fingerprint = ""
    on_disk = [line.fingerprint for line in statements.fingerprinted(parsed, in_memory=2)]
    assert on_disk == in_memory and len(set(on_disk)) == len(on_disk) == 29


@hypothesis_settings(max_examples=examples(200))
@given(st.integers(min_value=0, max_value=10**9), st.booleans())
def test_a_plain_amount_is_read_the_same_as_by_the_general_pattern(pence, out):
    text = f"{'-' if out else ''}{pence // 100}.{pence % 100:02d}"
    assert statements.parse_pence(text) == statements.parse_pence(f" {text} ") == (-pence if out else pence)


def _one_by_one(debits, reported, items, window_days=7):
    """Matching as it was before it was set-based: every reported spending of the account and amount checked in turn."""
    by_key = {}
    for r in reported:
        by_key.setdefault((r.account, r.amount_pence), []).append(r)
    used, found = set(), []
    for d in sorted(debits, key=lambda d: (d.posted_on, d.id)):
        candidates = [r for r in by_key.get((d.account, d.amount_pence), ())
                      if r.id not in used and abs((r.spent_on - d.posted_on).days) <= window_days]
        if candidates:
            best = min(candidates, key=lambda r: (abs((r.spent_on - d.posted_on).days),
                                                  -reconcile.payee_similarity(r.payee, d.description), r.id))
            used.add(best.id)
            found.append(reconcile.Match(d.id, best.id, best.item_id, "reported"))
            continue
        for item in (i for i in items if i.account == d.account):
            if d.amount_pence in {item.unit_cost_pence, item.period_cost_pence} and \
                    reconcile.payee_similarity(item.supplier, d.description) > 0:
                found.append(reconcile.Match(d.id, None, item.id, "plan item"))
                break
    return found


_names = st.sampled_from(["Sam Okafor", "SAM OKAFOR PA", "Drum club", "Corner shop", "Exe Valley Care"])
_days = st.integers(min_value=0, max_value=40).map(lambda n: D(2026, 1, 1) + datetime.timedelta(days=n))
_accounts = st.sampled_from(["1", "2"])
_amounts = st.sampled_from([900, 1250, 4550])


@hypothesis_settings(max_examples=examples(200))
@given(st.lists(st.tuples(_accounts, _days, _amounts, _names), max_size=25),
       st.lists(st.tuples(_accounts, _days, _amounts, _names, st.none() | st.just(7)), max_size=25),
       st.lists(st.tuples(_accounts, _names, _amounts, _amounts), max_size=3))
def test_matching_set_based_finds_what_checking_each_reported_spending_in_turn_finds(debits, reported, items):
    debits = [reconcile.Debit(i, *d) for i, d in enumerate(debits, start=1)]
    reported = [reconcile.Reported(i, *r) for i, r in enumerate(reported, start=100)]
    items = [reconcile.Item(i, *item) for i, item in enumerate(items, start=500)]
    assert reconcile.match(debits, reported, items) == _one_by_one(debits, reported, items)


def test_the_bulk_writer_gives_new_ids_skips_what_is_there_and_adds_to_balances(council):
    person = council.live_person(user=council.holder)
    case = council.case(person)
    opened = [(case.pk, "spent", 0), (case.pk, "surplus", 0)]
    bulk.insert(LedgerAccount, ("case_id", "key", "balance_pence"), opened, new_only=True)
    bulk.insert(LedgerAccount, ("case_id", "key", "balance_pence"), opened, new_only=True)  # there already: left out
    accounts = dict(LedgerAccount.objects.filter(case=case, key__in=["spent", "surplus"]).values_list("key", "pk"))
    assert LedgerAccount.objects.filter(case=case, key__in=["spent", "surplus"]).count() == len(accounts) == 2
    bulk.add_to_balances({accounts["spent"]: 250, accounts["surplus"]: -100})
    bulk.add_to_balances({accounts["spent"]: 50})
    assert dict(LedgerAccount.objects.filter(case=case, key__in=["spent", "surplus"]).values_list("key", "balance_pence")) == \
        {"spent": 300, "surplus": -100}
    ids = bulk.next_ids(JournalEntry, 3)
    assert len(set(ids)) == 3 and min(ids) > (JournalEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
    assert bulk.existing(LedgerAccount, "key", ["spent", "nothing like it"]) == {"spent"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_a_line_corrected_the_old_way_to_its_reversal_so_it_is_not_corrected_twice():
    """Before money 0008 each payment out had an entry of its own, and a line was corrected by reversing it: migrate
    money back, write such a line the old way, migrate forward again."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("money", "0007_contribution_arrears")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    team = old.get_model("accounts", "Team").objects.create(name="Old team")
    actor = old.get_model("accounts", "User").objects.create(username="old.finance", role="finance_officer")
    person = old.get_model("people", "Person").objects.create(
        la_person_id="EX900009", first_name="Old", last_name="Line", date_of_birth="1950-01-01", gender="Female",
        ethnicity="A", postcode="EX1 2AB", primary_support_reason="x", client_group="older_people", team=team)
    case = old.get_model("journey", "Case").objects.create(person=person, state="live", referred_on="2026-01-05",
                                                           route_of_access="x", referral_reason="x")
    account = old.get_model("money", "LedgerAccount").objects.create(case=case, key="direct_payment", reference="DP-EX900009")
    batch = old.get_model("money", "StatementImport").objects.create(file_name="old.csv", file_sha256="0" * 64, imported_by=actor)
    Entry, Line = old.get_model("money", "JournalEntry"), old.get_model("money", "StatementLine")
    entries = [Entry.objects.create(case=case, kind="spending", on="2026-02-03", description=d, created_by=actor)
               for d in ("Taxi", "Shop")]
    reversal = Entry.objects.create(case=case, kind="reversal", on="2026-02-03", description="Correction",
                                    reverses=entries[0], created_by=actor)
    lines = [Line.objects.create(account=account, statement=batch, line_number=n + 2, posted_on="2026-02-03",
                                 amount_pence=-900, description=e.description, fingerprint=f"old-{n}", entry=e)
             for n, e in enumerate(entries)]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert JournalEntry.objects.get(pk=reversal.pk).corrects_line_id == lines[0].pk
    assert not JournalEntry.objects.filter(corrects_line_id=lines[1].pk).exists()
    with pytest.raises(actions.MoneyError, match="already been corrected"):
        actions.correct_statement_line(StatementLine.objects.get(pk=lines[0].pk), actor=User.objects.get(pk=actor.pk),
                                       reason="Again")
