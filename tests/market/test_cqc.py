"""Loading CQC's published files (issue 20, "Quality"): the care directory CSV and the monthly ratings spreadsheet are
matched to the directory's venues on the CQC location id; each malformed row is named with its row number, each
location no venue has is listed for a person to resolve, and a file without the columns read writes nothing."""

import ast
import datetime
import io
from pathlib import Path

import pandas
import pytest

from selfdirect.audit.models import AuditEvent
from selfdirect.market import actions, cqc
from selfdirect.market.models import CqcImport, CqcRating, Location, Provider

FIXTURES = Path(__file__).parent / "fixtures" / "cqc"
DIRECTORY = (FIXTURES / "care_directory.csv").read_bytes()
RATINGS = (FIXTURES / "ratings.ods").read_bytes()
HEADER = ["Location ID", "Location Name", "Service / Population Group", "Domain", "Latest Rating", "Publication Date"]


def ods(rows, header=HEADER, sheet="Locations") -> bytes:
    """A small ratings spreadsheet: the header, then the rows, on the sheet named."""
    out = io.BytesIO()
    with pandas.ExcelWriter(out, engine="odf") as writer:
        pandas.DataFrame(rows, columns=header).to_excel(writer, sheet_name=sheet, index=False)
    return out.getvalue()


@pytest.fixture
def venues(council):
    provider = Provider.objects.create(name="Willow Care Ltd")
    return {
        location_id: Location.objects.create(provider=provider, name=name, cqc_location_id=location_id)
        for location_id, name in [
            ("1-000000001", "Willow Bank"),
            ("1-000000002", "Meadowview"),
            ("1-000000003", "Helping Hands"),
        ]
    }


def ratings_of(location) -> dict:
    return {r.key_question: (r.rating, r.published_on) for r in location.cqc_ratings.all()}


def test_the_care_directory_csv_is_matched_and_each_problem_named_by_row(council, venues):
    loaded = actions.import_cqc(DIRECTORY, name="02_December_2026_CQC_directory.csv", actor=council.commissioner)

    assert (loaded.kind, loaded.rows, loaded.matched) == ("directory", 8, 3)
    assert loaded.unmatched == [
        {"row": 9, "location_id": "1-000000004", "name": "Riverside Supported Living"},
        {"row": 10, "location_id": "1-000000005", "name": "Oak Tree House"},
        {"row": 13, "location_id": "1-000000008", "name": "Sunrise Dental Practice"},
    ]
    assert loaded.problems == [
        "row 10: Date of latest check '31/02/2024 - 00:00' is not a date (like 14/03/2024 - 00:00)",
        "row 11: CQC Location ID (for office use only) is missing",
        "row 12: CQC Location ID (for office use only) 'LOC-7' is not a CQC location id (like 1-000000001, or RXQ02 "
        "for an NHS trust's site)",
    ]
    assert len(loaded.file_sha256) == 64 and loaded.imported_by == council.commissioner
    assert not CqcRating.objects.exists()
    assert (
        AuditEvent.objects.filter(
            actor=council.commissioner, action="change", what__startswith="Loaded CQC's care directory file"
        ).count()
        == 1
    )


def test_ratings_land_per_key_question_with_their_dates(council, venues):
    loaded = actions.import_cqc(RATINGS, name="01_December_2026_Latest_ratings.ods", actor=council.admin)

    march = datetime.date(2024, 3, 14)
    assert ratings_of(venues["1-000000001"]) == {
        "overall": ("Good", march),
        "safe": ("Requires improvement", march),
        "effective": ("Good", march),
        "caring": ("Outstanding", march),
        "responsive": ("Good", march),
        "well_led": ("Requires improvement", march),
    }
    # Its date as text; its Safe row's date is not a date, so it has no Safe rating.
    assert ratings_of(venues["1-000000002"]) == {"overall": ("Outstanding", datetime.date(2023, 11, 2))}
    # Kept as written: CQC's phrase for no rating, and a word that is not a CQC rating (named as a problem).
    june = datetime.date(2024, 6, 21)
    assert ratings_of(venues["1-000000003"]) == {
        "overall": ("Insufficient evidence to rate", june),
        "safe": ("Very good", june),
    }
    assert (loaded.kind, loaded.rows, loaded.matched) == ("ratings", 14, 9)
    assert loaded.unmatched == [{"row": 10, "location_id": "1-999999999", "name": "Nowhere House"}]
    assert loaded.problems == [
        "row 11: Location ID is missing",
        "row 12: Location ID 'LOC-7' is not a CQC location id (like 1-000000001, or RXQ02 for an NHS trust's site)",
        "row 13: Publication Date 'not a date' is not a date (like 14/03/2024)",
        "row 15: Latest Rating 'Very good' is not one of CQC's ratings (Outstanding, Good, Requires improvement, "
        "Inadequate); kept as written",
    ]


def test_loading_the_same_file_again_changes_nothing_and_is_recorded(council, venues):
    first = actions.import_cqc(RATINGS, name="ratings.ods", actor=council.commissioner)
    before = {(r.location_id, r.key_question, r.rating, r.published_on) for r in CqcRating.objects.all()}
    history = CqcRating.history.count()

    second = actions.import_cqc(RATINGS, name="ratings.ods", actor=council.commissioner)

    assert {(r.location_id, r.key_question, r.rating, r.published_on) for r in CqcRating.objects.all()} == before
    assert CqcRating.history.count() == history
    assert second.pk != first.pk and second.file_sha256 == first.file_sha256
    assert (second.matched, second.unmatched, second.problems) == (first.matched, first.unmatched, first.problems)


def test_a_newer_rating_replaces_the_stored_one_and_an_older_one_does_not(council, venues):
    willow = venues["1-000000001"]
    actions.import_cqc(
        ods([["1-000000001", "Willow Bank", "Overall", "Overall", "Good", "14/03/2024"]]),
        name="march.ods",
        actor=council.commissioner,
    )
    actions.import_cqc(
        ods([["1-000000001", "Willow Bank", "Overall", "Overall", "Outstanding", "01/09/2025"]]),
        name="september.ods",
        actor=council.commissioner,
    )
    assert ratings_of(willow) == {"overall": ("Outstanding", datetime.date(2025, 9, 1))}

    actions.import_cqc(
        ods([["1-000000001", "Willow Bank", "Overall", "Overall", "Inadequate", "01/01/2023"]]),
        name="old.ods",
        actor=council.commissioner,
    )

    assert ratings_of(willow) == {"overall": ("Outstanding", datetime.date(2025, 9, 1))}
    rating = willow.cqc_ratings.get()
    assert [h.rating for h in rating.history.order_by("history_date")] == ["Good", "Outstanding"]


def test_a_file_without_the_columns_read_writes_nothing_and_names_them(council, venues):
    with pytest.raises(actions.MarketError) as refused:
        actions.import_cqc(b"Name,Town\nWillow Bank,Testbury\n", name="wrong.csv", actor=council.commissioner)
    assert str(refused.value) == (
        "wrong.csv: The care directory file has none of the columns Selfdirect reads: "
        "'CQC Location ID (for office use only)', 'Name', 'Date of latest check' "
        "(looked for 'CQC Location ID (for office use only)' in its first 20 rows)"
    )

    short = ods([["1-000000001", "Willow Bank", "Overall", "Overall"]], header=HEADER[:4])
    with pytest.raises(actions.MarketError) as refused:
        actions.import_cqc(short, name="short.ods", actor=council.commissioner)
    assert str(refused.value) == (
        "short.ods: The spreadsheet's sheet 'Locations' has no column 'Latest Rating', "
        "'Publication Date' (its header is row 1)"
    )

    with pytest.raises(actions.MarketError, match="has no sheet 'Locations' \\(it has 'Sheet1'\\)"):
        actions.import_cqc(ods([["1-000000001"] * 6], sheet="Sheet1"), name="other.ods", actor=council.commissioner)
    assert not CqcImport.objects.exists() and not CqcRating.objects.exists()
    assert not AuditEvent.objects.filter(what__startswith="Loaded CQC").exists()


def test_a_spreadsheet_that_is_not_an_ods_file_is_refused(council):
    out = io.BytesIO()
    pandas.DataFrame([["1-000000001"]], columns=["Location ID"]).to_excel(out, engine="openpyxl", index=False)
    with pytest.raises(actions.MarketError, match="not an OpenDocument \\(.ods\\) one"):
        actions.import_cqc(out.getvalue(), name="ratings.xlsx", actor=council.commissioner)


def test_the_column_setting_reads_a_file_whose_headers_differ(council, venues, settings):
    header = [
        "Location ID",
        "Location Name",
        "Service / Population Group",
        "Domain",
        "Current Rating",
        "Date Published",
    ]
    renamed = ods([["1-000000001", "Willow Bank", "Overall", "Safe", "Good", "14/03/2024"]], header=header)
    with pytest.raises(actions.MarketError, match="no column 'Latest Rating', 'Publication Date'"):
        actions.import_cqc(renamed, name="renamed.ods", actor=council.commissioner)

    settings.CQC_COLUMNS = {"rating": "Current Rating", "published_on": "Date Published"}
    loaded = actions.import_cqc(renamed, name="renamed.ods", actor=council.commissioner)

    assert loaded.matched == 1
    assert ratings_of(venues["1-000000001"]) == {"safe": ("Good", datetime.date(2024, 3, 14))}


def test_the_column_setting_refuses_a_name_selfdirect_does_not_read(council, settings):
    settings.CQC_COLUMNS = {"beds": "Care homes beds"}
    with pytest.raises(actions.MarketError, match="SELFDIRECT_CQC_COLUMNS names beds, which Selfdirect does not read"):
        actions.import_cqc(DIRECTORY, name="directory.csv", actor=council.commissioner)


def test_older_files_key_question_column_is_read(council, venues):
    header = [*HEADER[:3], "Key Question", *HEADER[4:]]
    older = ods([["1-000000002", "Meadowview", "Overall", "Well-led", "Good", "02/05/2018"]], header=header)
    actions.import_cqc(older, name="2018.ods", actor=council.commissioner)
    assert ratings_of(venues["1-000000002"]) == {"well_led": ("Good", datetime.date(2018, 5, 2))}


@pytest.mark.parametrize("who", ["worker", "manager", "finance", "provider", "holder"])
def test_only_a_commissioner_or_an_administrator_loads_cqc_files(council, venues, who):
    with pytest.raises(actions.MarketError, match="Only a commissioner or an administrator loads CQC's files"):
        actions.import_cqc(RATINGS, name="ratings.ods", actor=getattr(council, who))
    assert not CqcImport.objects.exists() and not CqcRating.objects.exists()


def test_the_reader_imports_no_django_and_speaks_the_models_key_questions():
    tree = ast.parse(Path(cqc.__file__).read_text())
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not any(name.split(".")[0] == "django" for name in imported)
    assert sorted(cqc.KEY_QUESTIONS.values()) == sorted(CqcRating.KeyQuestion.values)


def test_a_directory_file_is_told_from_a_ratings_file_by_its_content():
    assert cqc.is_ods(RATINGS) and not cqc.is_ods(DIRECTORY)
    assert cqc.read(DIRECTORY).kind == "directory" and cqc.read(RATINGS).kind == "ratings"


def test_a_council_limited_to_its_own_areas_leaves_other_local_authorities_out(council, venues, settings):
    """CQC's files cover all England: with SELFDIRECT_CQC_LOCAL_AUTHORITIES set, only the council's own areas' rows
    are read, and the others are counted, not listed as unmatched for a person to resolve."""
    settings.CQC_LOCAL_AUTHORITIES = ["testshire"]  # as the file names it, in any case
    loaded = actions.import_cqc(DIRECTORY, name="directory.csv", actor=council.commissioner)

    assert (loaded.rows, loaded.left_out, loaded.matched) == (8, 2, 3)
    assert [row["location_id"] for row in loaded.unmatched] == ["1-000000008"]  # Sampleshire's two are not listed

    settings.CQC_LOCAL_AUTHORITIES = ["Testshire"]
    with pytest.raises(actions.MarketError, match="no column 'Location Local Authority'"):
        actions.import_cqc(
            ods([["1-000000001", "Willow Bank", "Overall", "Overall", "Good", "14/03/2024"]]),
            name="ratings.ods",
            actor=council.commissioner,
        )
    assert CqcImport.objects.count() == 1
