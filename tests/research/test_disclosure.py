"""The disclosure rule (research/disclosure.py): whatever the records, every released combination of quasi-identifiers
holds at least k people, or the extract is refused, and only when there are fewer than k people. Every released value
is true of its person: their own value at the level released, or "Suppressed"."""

import datetime
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.research import disclosure
from selfdirect.research.disclosure import SUPPRESSED, QuasiIdentifier, Refused, anonymise
from tests.hypo import examples


@st.composite
def extracts(draw):
    """Columns of one to three levels, each level coarser than the last, and records drawn from small domains so that
    rare combinations are common."""
    depths = draw(st.lists(st.integers(1, 3), min_size=1, max_size=5))
    columns = tuple(QuasiIdentifier(f"C{i}", tuple(f"level {j}" for j in range(depth))) for i, depth in enumerate(depths))
    width = draw(st.integers(2, 9))
    n = draw(st.integers(0, 60))
    base = draw(st.lists(st.lists(st.integers(0, width), min_size=len(depths), max_size=len(depths)), min_size=n,
                         max_size=n))
    records = [tuple(tuple(f"{i}:{j}:{value // (3 ** j)}" for j in range(depths[i])) for i, value in enumerate(row))
               for row in base]
    return columns, records, draw(st.integers(1, 7))


@settings(max_examples=examples(300))
@given(extracts())
def test_every_released_combination_holds_at_least_k_people_or_the_extract_is_refused(extract):
    columns, records, k = extract
    try:
        release = anonymise(records, columns, k=k)
    except Refused:
        assert len(records) < k  # refused only when k cannot be reached
        return
    assert len(records) >= k and len(release.rows) == len(records)
    assert min(Counter(release.rows).values()) >= k


@settings(max_examples=examples(300))
@given(extracts())
def test_every_released_value_is_the_persons_own_at_the_level_released_or_suppressed(extract):
    columns, records, k = extract
    if len(records) < k:
        return
    release = anonymise(records, columns, k=k)
    for record, row in zip(records, release.rows, strict=True):
        for i, value in enumerate(row):
            assert value in {SUPPRESSED, record[i][release.levels[i]]}
    suppressed = Counter(columns[i].name for row in release.rows for i, value in enumerate(row) if value == SUPPRESSED)
    assert release.suppressed_cells == sum(suppressed.values())
    assert {name: n for name, n in release.suppressed.items() if n} == dict(suppressed)
    assert anonymise(records, columns, k=k).rows == release.rows  # the same records give the same extract


def test_fewer_than_k_people_are_refused_with_a_message_that_says_why():
    columns = (QuasiIdentifier("Age band", ("10-year age band",)),)
    with pytest.raises(Refused, match="4 people who agreed to research: an extract needs at least 5"):
        anonymise([(("65-74",),)] * 4, columns, k=5)


def test_a_rare_combination_is_generalised_first_and_the_report_says_what_was_done():
    columns = (disclosure.AREA, disclosure.GROUP)
    records = [(("EX1", "EX"), ("Older people",))] * 6 + [(("EX2", "EX"), ("Older people",))] * 2 + \
              [(("EX4", "EX"), ("Older people",))] * 3
    release = anonymise(records, columns, k=5)
    assert set(release.rows) == {("EX", "Older people")} and release.suppressed_cells == 0
    assert release.generalised == ["Postcode: postcode district to postcode area"]
    assert "Generalised: Postcode: postcode district to postcode area." in release.report()


def test_an_odd_one_out_loses_a_value_rather_than_everyone_losing_detail():
    columns = (disclosure.AREA, disclosure.GROUP)
    records = [(("EX1", "EX"), ("Older people",))] * 30 + [(("EX1", "EX"), ("Mental health",))] * 30 + \
              [(("EX9", "EX"), ("Older people",))]
    release = anonymise(records, columns, k=5)
    assert release.levels == (0, 0)  # districts kept for the sixty
    assert release.suppressed_cells >= 1 and min(Counter(release.rows).values()) >= 5


def test_the_levels_of_each_quasi_identifier():
    assert disclosure.age_levels(67) == ("65-74", "65-84", "65 and over")
    assert disclosure.age_levels(30) == ("25-34", "25-44", "18 to 64")
    assert disclosure.age_levels(97) == ("95 and over", "85 and over", "65 and over")
    assert disclosure.postcode_levels("EX1 2AB") == ("EX1", "EX")
    assert disclosure.postcode_levels("EX39 4QT") == ("EX39", "EX")
    assert disclosure.postcode_levels("B1 1AA") == ("B1", "B")
    assert disclosure.postcode_levels("") == ("Unknown", "Unknown")
    assert disclosure.month_levels(datetime.date(2025, 11, 3)) == ("2025-11", "2025 Q4", "2025")
    assert disclosure.step_levels("review", "Review") == ("Review", "Receiving support")


def test_a_release_whose_every_value_is_suppressed_says_it_tells_nothing():
    columns = (QuasiIdentifier("Age band", ("age",)), QuasiIdentifier("Postcode", ("district",)))
    apart = [((f"age {i}",), (f"EX{i}",)) for i in range(5)]  # no two people share any value
    release = anonymise(apart, columns, k=5)
    assert release.tells_nothing and all(value == SUPPRESSED for row in release.rows for value in row)
    assert "tells only how many people there are" in release.report()[-1]
    alike = [(("age 1",), ("EX1",))] * 5
    kept = anonymise(alike, columns, k=5)
    assert not kept.tells_nothing and not any("tells only" in line for line in kept.report())
