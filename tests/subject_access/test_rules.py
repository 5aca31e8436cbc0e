"""The Django-free rules of subject access: the statutory month as the ICO counts it (subject_access/deadlines.py),
the exemptions offered (exemptions.py), redaction (redaction.py) and the archive (archive.py)."""

import ast
import dataclasses
import datetime
import io
import pathlib
import zipfile

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from selfdirect.subject_access import archive, deadlines, exemptions, redaction
from tests.hypo import examples

D = datetime.date
RULE_MODULES = ["deadlines.py", "exemptions.py", "redaction.py", "archive.py"]


@pytest.mark.parametrize("module", RULE_MODULES)
def test_the_rule_modules_import_no_django(module):
    path = pathlib.Path(deadlines.__file__).parent / module
    for node in ast.walk(ast.parse(path.read_text())):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
        assert not any(name.split(".")[0] in {"django", "rest_framework"} for name in names), f"{module}: {names}"


# ---- bank holidays of England and Wales, as GOV.UK lists them (www.gov.uk/bank-holidays) ------------------------------

GOV_UK = {
    2022: [D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2), D(2022, 6, 2), D(2022, 6, 3), D(2022, 8, 29),
           D(2022, 9, 19), D(2022, 12, 26), D(2022, 12, 27)],
    2023: [D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1), D(2023, 5, 8), D(2023, 5, 29), D(2023, 8, 28),
           D(2023, 12, 25), D(2023, 12, 26)],
    2025: [D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26), D(2025, 8, 25),
           D(2025, 12, 25), D(2025, 12, 26)],
    2026: [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31),
           D(2026, 12, 25), D(2026, 12, 28)],
    2027: [D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31), D(2027, 8, 30),
           D(2027, 12, 27), D(2027, 12, 28)],
    2028: [D(2028, 1, 3), D(2028, 4, 14), D(2028, 4, 17), D(2028, 5, 1), D(2028, 5, 29), D(2028, 8, 28),
           D(2028, 12, 25), D(2028, 12, 26)],
}


@pytest.mark.parametrize("year", sorted(GOV_UK))
def test_the_bank_holidays_are_those_gov_uk_lists(year):
    assert sorted(deadlines.bank_holidays(year)) == GOV_UK[year]


# ---- the month (UK GDPR article 12(3), the ICO's "How long do we have to comply?") ------------------------------------

@pytest.mark.parametrize(("received", "due", "why"), [
    (D(2026, 9, 3), D(2026, 10, 5), "the ICO's example, 3 September to 3 October, which in 2026 is a Saturday"),
    (D(2026, 6, 3), D(2026, 7, 3), "the corresponding date, a Friday"),
    (D(2026, 3, 10), D(2026, 4, 10), "the day of receipt counts: not 11 April"),
    (D(2027, 1, 31), D(2027, 3, 1), "no 31 February: the last day, 28 February, a Sunday in 2027: Monday 1 March"),
    (D(2030, 1, 31), D(2030, 2, 28), "no 31 February: the last day of February, a Thursday"),
    (D(2028, 1, 31), D(2028, 2, 29), "a leap year: 29 February, a Tuesday"),
    (D(2028, 1, 30), D(2028, 2, 29), "30 January also has no corresponding date"),
    (D(2026, 3, 31), D(2026, 4, 30), "31 March to 30 April"),
    (D(2026, 1, 31), D(2026, 3, 2), "28 February 2026 is a Saturday: the next working day, Monday 2 March"),
    (D(2026, 3, 6), D(2026, 4, 7), "6 April 2026 is Easter Monday: Tuesday"),
    (D(2026, 11, 28), D(2026, 12, 29), "28 December 2026 is Boxing Day's substitute (26th a Saturday)"),
    (D(2027, 11, 25), D(2027, 12, 29), "25 December 2027 a Saturday; 27 and 28 bank holidays: Wednesday 29"),
    (D(2026, 7, 31), D(2026, 9, 1), "31 August 2026 is the summer bank holiday"),
    (D(2026, 4, 4), D(2026, 5, 5), "4 May 2026 is the early May bank holiday"),
    (D(2026, 5, 30), D(2026, 6, 30), "received on a Saturday: the month still starts that day"),
])
def test_one_month_from_the_day_of_receipt(received, due, why):
    assert deadlines.due_date(received) == due, why


@pytest.mark.parametrize(("received", "due"), [
    (D(2026, 1, 15), D(2026, 4, 15)),  # three months from the original start date
    (D(2026, 11, 30), D(2027, 3, 1)),  # no 30 February: 28 February 2027, a Sunday, so Monday 1 March
    (D(2027, 11, 30), D(2028, 2, 29)),  # a leap year
    (D(2026, 1, 6), D(2026, 4, 7)),  # 6 April 2026 is Easter Monday
])
def test_an_extension_is_three_months_from_the_start(received, due):
    assert deadlines.due_date(received, months=deadlines.EXTENDED_MONTHS) == due
    assert deadlines.deadline(received, extended=True, today=received).due == due


def test_the_month_runs_from_the_proof_asked_for_when_later():
    assert deadlines.starts_on(D(2026, 3, 2), D(2026, 3, 12)) == D(2026, 3, 12)
    assert deadlines.starts_on(D(2026, 3, 2), None) == D(2026, 3, 2)
    assert deadlines.starts_on(D(2026, 3, 12), D(2026, 3, 2)) == D(2026, 3, 12)


def test_days_left_and_overdue():
    start = D(2026, 6, 3)  # due Friday 3 July
    assert deadlines.deadline(start, extended=False, today=D(2026, 6, 21)).words() == "12 days left"
    assert deadlines.deadline(start, extended=False, today=D(2026, 7, 2)).words() == "1 day left"
    assert deadlines.deadline(start, extended=False, today=D(2026, 7, 3)).words() == "Due today"
    late = deadlines.deadline(start, extended=False, today=D(2026, 7, 6))
    assert late.overdue and late.words() == "Overdue by 3 days"
    assert deadlines.deadline(start, extended=False, today=D(2026, 7, 4)).words() == "Overdue by 1 day"


dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))


@settings(max_examples=examples(300))
@given(dates)
def test_every_deadline_is_a_working_day_after_the_corresponding_date(received):
    for months in (1, 3):
        due = deadlines.due_date(received, months=months)
        corresponding = deadlines.corresponding_date(received, months)
        assert deadlines.is_working_day(due) and due.weekday() < 5
        assert corresponding <= due <= corresponding + datetime.timedelta(days=6)
        assert all(not deadlines.is_working_day(corresponding + datetime.timedelta(days=n))
                   for n in range((due - corresponding).days))
        # the corresponding date is in the month `months` on, on the same day or the last day of that month
        month = (received.month - 1 + months) % 12 + 1
        assert corresponding.month == month
        assert corresponding.day == received.day or (corresponding + datetime.timedelta(days=1)).day == 1


@settings(max_examples=examples(200))
@given(dates, st.integers(0, 120))
def test_an_extension_may_be_told_only_within_the_first_month(start, after):
    told_on = start + datetime.timedelta(days=after)
    first = deadlines.due_date(start)
    if told_on <= first:
        deadlines.check_extension(start, told_on=told_on, today=told_on, reason="Complex", already_extended=False)
    else:
        with pytest.raises(deadlines.ExtensionRefused) as refused:
            deadlines.check_extension(start, told_on=told_on, today=told_on, reason="Complex", already_extended=False)
        assert refused.value.field == "told_on"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"reason": " "}, "reason"),
    ({"told_on": D(2026, 2, 28)}, "told_on"),  # before the month started
    ({"told_on": D(2026, 3, 20), "today": D(2026, 3, 10)}, "told_on"),  # in the future
    ({"already_extended": True}, None),
])
def test_an_extension_the_law_does_not_allow_is_refused_naming_the_input(kwargs, field):
    given_ = {"told_on": D(2026, 3, 5), "today": D(2026, 3, 10), "reason": "Complex", "already_extended": False,
              **kwargs}
    with pytest.raises(deadlines.ExtensionRefused) as refused:
        deadlines.check_extension(D(2026, 3, 1), **given_)
    assert refused.value.field == field


# ---- exemptions -------------------------------------------------------------------------------------------------------

def test_the_exemptions_offered_cite_the_act():
    assert exemptions.exemption("third_party").law == "Data Protection Act 2018, Schedule 2, Part 3, paragraph 16"
    assert "Schedule 3, Part 3, paragraph 11" in exemptions.exemption("serious_harm").law
    assert {code for code, _ in exemptions.choices(representative_asked=False)} == {"third_party", "serious_harm",
                                                                                     "court", "crime"}
    # not an exemption but the limit of what a representative may be given: only for their requests
    assert {code for code, _ in exemptions.choices()} - {code for code, _ in exemptions.choices(
        representative_asked=False)} == {"outside_authority"}
    assert "UK GDPR article 15" in exemptions.exemption("outside_authority").law
    with pytest.raises(ValueError):
        exemptions.exemption("legal_privilege")


# ---- redaction --------------------------------------------------------------------------------------------------------

def test_words_are_replaced_by_the_reason_wherever_they_are_in_the_field():
    cut = redaction.Cut(0, "back pain", "third party: carer's own health")
    text = "Jane has Back Pain, so lifting is hard. Her back pain is worse in winter."
    assert redaction.redact_text(text, [cut]) == (
        "Jane has [redacted: third party: carer's own health], so lifting is hard. Her "
        "[redacted: third party: carer's own health] is worse in winter.")


def test_overlapping_redactions_are_one_mark_with_both_reasons():
    cuts = [redaction.Cut(0, "Jane Smith", "third party"), redaction.Cut(0, "Smith's", "third party: name")]
    assert redaction.redact_text("Ask Jane Smith's GP", cuts) == "Ask [redacted: third party; third party: name] GP"


def test_a_whole_field_and_a_whole_item():
    fields = [("Name", "Jane"), ("Health", "Back pain")]
    assert redaction.released_fields(fields, [redaction.Cut(1, "", "third party")]) == [
        ("Name", "Jane"), ("Health", "[redacted: third party]")]
    assert redaction.released_fields(fields, [redaction.Cut(None, "", "serious harm")]) == []


words_ = st.text(alphabet="abcXY -", min_size=1, max_size=4).filter(str.strip)


@settings(max_examples=examples(300))
@given(st.text(alphabet="abcXY -[]:", max_size=60), st.lists(words_, min_size=1, max_size=3))
def test_no_redacted_words_survive_outside_the_marks(text, words):
    reasons = [f"r{i}" for i in range(len(words))]
    out = redaction.redact_text(text, [redaction.Cut(0, w, r) for w, r in zip(words, reasons, strict=True)])
    assume("[redacted:" not in text)
    pieces, rest = [], out
    while "[redacted: " in rest:
        before, _, rest = rest.partition("[redacted: ")
        pieces.append(before)
        rest = rest.partition("]")[2]
    pieces.append(rest)
    for piece in pieces:
        for w in words:
            assert w.strip().lower() not in piece.lower()
    # and what is left is the text's own, in order
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        assert found >= 0
        at = found + len(piece)


# ---- the archive ------------------------------------------------------------------------------------------------------

def _release():
    note = archive.Note("third party: carer's own health", exemptions.THIRD_PARTY.law)
    return archive.Release(
        council="Exampleshire Council", person_name="Elsie Evans", reference="EX000001", request_number=7,
        received_on=D(2026, 3, 2), released_on=D(2026, 3, 20), items=[
            archive.Item(1, "Your record", "The record of Elsie Evans", [("First name", "Elsie")]),
            archive.Item(2, "Unpaid carers", "Unpaid carer: Jane", [("Health", "[redacted: third party: carer's own "
                                                                               "health]")], redacted=[note]),
            archive.Item(3, "Reviews", "Review held on 1 March 2026", [],
                         withheld=archive.Note("serious harm", exemptions.SERIOUS_HARM.law)),
            archive.Item(4, "Spending", "Spending of £12.50", [("Payee", "=HYPERLINK(\"x\")")],
                         file_name="receipt-9.pdf", file_path="receipts/2026/03/abc.pdf"),
        ])


def test_the_archive_is_the_same_byte_for_byte_each_time_it_is_made():
    made = []
    for _ in range(2):
        out = io.BytesIO()
        sha = archive.build(_release(), out, lambda item: b"%PDF-1.7 receipt")
        made.append((sha, out.getvalue()))
    assert made[0] == made[1]
    names = zipfile.ZipFile(io.BytesIO(made[0][1])).namelist()
    assert names == ["index.html", "index.csv", "items/001-your-record.html", "items/002-unpaid-carers.html",
                     "items/004-spending.html", "files/004-receipt-9.pdf"]  # the withheld item has no page


def test_the_index_lists_every_item_with_what_was_done():
    out = io.BytesIO()
    archive.build(_release(), out, lambda item: b"%PDF-1.7 receipt")
    zipped = zipfile.ZipFile(out)
    index = zipped.read("index.html").decode()
    assert '<html lang="en-GB">' in index and "<caption>" in index and 'scope="col"' in index
    assert "Withheld under Data Protection Act 2018, Schedule 3, Part 3, paragraph 11" in index
    assert "Given, with parts redacted under Data Protection Act 2018, Schedule 2, Part 3, paragraph 16" in index
    assert "Information Commissioner" in index  # article 15(1)(f): the right to complain
    rows = zipped.read("index.csv").decode("utf-8-sig").splitlines()
    assert len(rows) == 5 and rows[3].startswith("3,Reviews,") and "Withheld" in rows[3]
    assert zipped.read("files/004-receipt-9.pdf") == b"%PDF-1.7 receipt"
    assert "'=HYPERLINK" not in rows[4]  # the CSV names no payee; the page escapes it
    page = zipped.read("items/004-spending.html").decode()
    assert "=HYPERLINK(&quot;x&quot;)" in page and "../files/004-receipt-9.pdf" in page


def test_the_index_names_each_file_where_it_is_and_nothing_where_there_is_none():
    release = _release()
    index = archive.index_html(release)
    assert ">None<" not in index
    assert '<a href="files/004-receipt-9.pdf">004-receipt-9.pdf</a>' in index  # the name it has in the archive
    assert 'The 1 file given with the items, such as receipts, is in the folder "files"' in index
    assert '<td role="cell"></td>' in index  # an item with no file: its cell is blank
    withheld = dataclasses.replace(release, items=[dataclasses.replace(item, withheld=archive.Note("x", "y"))
                                                   if item.file_name else item for item in release.items])
    assert "Withheld with the item" in archive.index_html(withheld)
    assert 'folder "files"' not in archive.index_html(withheld)  # no file is given, so no folder is named
    none = dataclasses.replace(release, items=[item for item in release.items if not item.file_name])
    assert 'folder "files"' not in archive.index_html(none) and ">File<" not in archive.index_html(none)
