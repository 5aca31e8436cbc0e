"""Reading CQC's published files into plain rows (issue 20): the care directory CSV of locations, and the monthly care
directory with ratings spreadsheet (ODS). This module imports no Django; `actions.import_cqc` matches the rows to the
directory's venues on the CQC location id and writes them.

Where the column names come from (tests/market/fixtures/cqc/SOURCE.md has the detail): nothing could be read from
cqc.org.uk itself (https://www.cqc.org.uk/about-us/transparency/using-cqc-data, and the files it links, could not be
reached). Every header below is taken from public code that loads the real files, agreeing across independent
repositories. So each one can be changed without a release: the setting SELFDIRECT_CQC_COLUMNS, a JSON object of our
name (the keys of DIRECTORY_COLUMNS and RATINGS_COLUMNS, and RATINGS_SHEET) to the header in the council's file.

What a row's problems do (each is named with its row number as a spreadsheet shows it, and the column):
- a missing or malformed location id, a key question that is not one of CQC's six, a missing rating, or a missing or
  impossible publication date: the row is left out (the venue keeps what it had);
- a directory row's impossible "Date of latest check": named, and the row still matches (Selfdirect stores no date from
  the directory file); a blank one is a location CQC has not checked yet, and is not a problem;
- a rating that is not one of CQC's four (or one of the phrases CQC uses for "no rating", NO_RATING): kept as written,
  and named, so that a person can see whether CQC has a new word or the file is wrong.
A file without the columns read raises CqcFileError naming every missing column, and nothing is written."""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"

# The care directory CSV (`DD_Month_YYYY_CQC_directory.csv`): our name -> its header. Source: madetech/dhsc-alpha-data
# sql/Analytical_Datastore/CQC/Tables/directory_staging.sql @5c274c97 (the 31 July 2024 file), the same 15 headers in
# several independent parsers. The header is not on line 1 ("CQC Locations data" is; the header is on line 5:
# traffordDataLab/open_data care_homes/pre-processing.R reads the 15 April 2020 file with skip = 4), so it is found by
# looking for the location id's header in the first HEADER_SEARCH_LINES lines.
DIRECTORY_COLUMNS = {
    "directory_location_id": "CQC Location ID (for office use only)",
    "directory_name": "Name",
    "directory_checked_on": "Date of latest check",
}
# Read only when the council limits loading to its own area (SELFDIRECT_CQC_LOCAL_AUTHORITIES): the local authority a
# location is in, in each file (the same two sources as above; older editions wrote "Local Authority", which is the
# same header to this reader, which ignores case).
LOCAL_AUTHORITY_COLUMNS = {"directory_local_authority": "Local authority", "local_authority": "Location Local Authority"}
# Headers of older editions, accepted too when the council has not set its own: 2017-2020 files had the truncated
# "CQC Location (for office use only" (traffordDataLab/open_data care_homes/pre-processing.R, the 2020 file).
DIRECTORY_OLDER = {"directory_location_id": ("CQC Location (for office use only",)}

# The care directory with ratings (`DD_Month_YYYY_Latest_ratings.ods`), its sheet "Locations": our name -> its header.
# Source: madetech/dhsc-alpha-data sql/Analytical_Datastore/CQC/Tables/latest_ratings_locations_staging.sql @0f0b2a66
# (the 1 July 2024 file), and an independent streaming ODS reader with the same sheet and headers. The file has one row
# per location x "Service / Population Group" x "Domain"; a location's own ratings are its rows whose population group
# is "Overall", and its overall rating is the one whose Domain is "Overall".
RATINGS_SHEET = "Locations"
RATINGS_COLUMNS = {
    "location_id": "Location ID",
    "location_name": "Location Name",
    "population_group": "Service / Population Group",
    "key_question": "Domain",
    "rating": "Latest Rating",
    "published_on": "Publication Date",
}
# Files of about 2017-2019 called the key question's column "Key Question" (a loader of those files reads
# ['Service / Population Group', 'Key Question', 'Latest Rating', 'Publication Date', 'Report Type']).
RATINGS_OLDER = {"key_question": ("Key Question",)}

# The header is looked for in a file's first lines: the directory CSV has four lines above it, and some editions of
# the ratings spreadsheet are said to have a banner row above theirs (unconfirmed).
HEADER_SEARCH_LINES = 20

# The rows of the ratings file that are the location's own ratings, not a population group's.
OVERALL_GROUP = "Overall"

# CQC rates "overall and for our five key questions: are they safe, effective, caring, responsive and well-led?"
# (https://www.cqc.org.uk/guidance-providers/independent-healthcare/your-ratings-independent-healthcare-services);
# the file's Domain values -> CqcRating.KeyQuestion's values.
KEY_QUESTIONS = {
    "overall": "overall",
    "safe": "safe",
    "effective": "effective",
    "caring": "caring",
    "responsive": "responsive",
    "well-led": "well_led",
}
# "a four-point scale: outstanding, good, requires improvement, or inadequate" (the same CQC page); spelt as the
# ratings file spells them (lower-case "improvement", per third-party readers of the file).
RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
# What the ratings file says where a location has no rating on that scale, seen in third-party code reading the file
# (not confirmed by CQC's documentation; services CQC does not rate are listed at
# https://www.cqc.org.uk/guidance-regulation/providers/assessment/assessing-quality-and-performance/services-we-do-not-rate).
# Kept as written, without a problem.
NO_RATING = (
    "Insufficient evidence to rate",
    "Not rated",
    "Not applicable",
    "Inspected but not rated",
    "No published rating",
)

# A CQC location id: "1-" and digits for most locations (1-000000001 ... 1-11111111111), and an NHS trust's site code
# for the trust's locations (e.g. RXQ02, Stoke Mandeville Hospital: https://www.cqc.org.uk/location/RXQ02, as quoted
# in Healthwatch Bucks' hw-feedback plugin's README; RW1J2 and RAL26 likewise appear in public code).
LOCATION_ID = re.compile(r"1-\d{6,}|[A-Z][A-Z0-9]{2,5}")
LOCATION_ID_EXAMPLE = "like 1-000000001, or RXQ02 for an NHS trust's site"

# "Date of latest check": "%d/%m/%Y - %H:%M" (traffordDataLab/open_data, the 2020 file); a third-party test fixture
# has "01/Jan/2024 - 00:00". "Publication Date": a date cell, or text dd/mm/YYYY (a third-party reader). Unconfirmed,
# so each of these is accepted.
DATE_FORMATS = ("%d/%m/%Y - %H:%M", "%d/%b/%Y - %H:%M", "%d/%m/%Y", "%d/%b/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")


class CqcFileError(ValueError):
    """The file cannot be read as either of CQC's files; str() names what is wrong (the columns missing, ...)."""


@dataclass(frozen=True)
class DirectoryRow:
    row: int  # as a spreadsheet shows it: the file's first line is row 1
    location_id: str
    name: str


@dataclass(frozen=True)
class RatingRow:
    row: int
    location_id: str
    name: str
    key_question: str  # CqcRating.KeyQuestion's value
    rating: str
    published_on: datetime.date


@dataclass
class CqcFile:
    kind: str  # "directory" or "ratings"
    rows: list = field(default_factory=list)  # DirectoryRow or RatingRow: the rows that can be used
    read: int = 0  # data rows in the file (blank rows not counted)
    left_out: int = 0  # rows for locations in other local authorities (SELFDIRECT_CQC_LOCAL_AUTHORITIES)
    problems: list[str] = field(default_factory=list)


def column_names(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Our name -> the header to read, with the council's overrides (SELFDIRECT_CQC_COLUMNS); an override naming a
    column Selfdirect does not read is refused."""
    names = {**DIRECTORY_COLUMNS, **RATINGS_COLUMNS, **LOCAL_AUTHORITY_COLUMNS, "ratings_sheet": RATINGS_SHEET}
    unknown = sorted(set(overrides or {}) - set(names))
    if unknown:
        raise CqcFileError(
            f"SELFDIRECT_CQC_COLUMNS names {', '.join(unknown)}, which Selfdirect does not read "
            f"(it reads {', '.join(names)})"
        )
    return {**names, **(overrides or {})}


def is_ods(source: bytes) -> bool:
    """An OpenDocument spreadsheet: a zip whose `mimetype` entry says so (OpenDocument 1.2 part 3, 3.3)."""
    if not source.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            return archive.read("mimetype").decode("ascii", "replace").strip() == ODS_MIMETYPE
    except (zipfile.BadZipFile, KeyError):
        return False


def read(source: bytes, overrides: Mapping[str, str] | None = None, *, areas: Collection[str] = ()) -> CqcFile:
    """Either file, told apart by its content: the ratings spreadsheet is an ODS file, anything else is read as the
    care directory CSV. `areas`: the local authorities whose locations to read (CQC's files cover all England); the
    rows of any other are counted in `left_out` and not read. Empty: every row."""
    if is_ods(source):
        return read_ratings(source, overrides, areas=areas)
    if source.startswith(b"PK\x03\x04"):
        raise CqcFileError(
            "This is a spreadsheet but not an OpenDocument (.ods) one: load CQC's ratings file as "
            "CQC publishes it (.ods), or its care directory as CSV"
        )
    return read_directory(source, overrides, areas=areas)


def _normal(header) -> str:
    return " ".join(str(header).replace("\u2019", "'").split()).casefold()


def _find_columns(lines: list[list], wanted: dict[str, tuple[str, ...]], key: str, what: str) -> tuple[int, dict]:
    """The index of the header line (found by `key`'s header) and our name -> column index; CqcFileError naming every
    header not found."""
    keys = {_normal(h) for h in wanted[key]}
    for number, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        cells = [_normal(cell) for cell in line]
        if keys & set(cells):
            found, missing = {}, []
            for ours, headers in wanted.items():
                index = next((cells.index(_normal(h)) for h in headers if _normal(h) in cells), None)
                if index is None:
                    missing.append(headers[0])
                else:
                    found[ours] = index
            if missing:
                raise CqcFileError(f"{what} has no column {_quoted(missing)} (its header is row {number + 1})")
            return number, found
    raise CqcFileError(
        f"{what} has none of the columns Selfdirect reads: {_quoted(h[0] for h in wanted.values())} "
        f"(looked for {wanted[key][0]!r} in its first {HEADER_SEARCH_LINES} rows)"
    )


def _quoted(headers) -> str:
    return ", ".join(repr(h) for h in headers)


def _wanted(columns: dict[str, str], ours: dict[str, str], older: dict, overrides) -> dict[str, tuple[str, ...]]:
    return {name: (columns[name],) + (() if name in (overrides or {}) else older.get(name, ())) for name in ours}


def _area_column(lines: list[list], start: int, header: str, areas: Collection[str], what: str) -> int | None:
    """The index of the local authority's column, where the council limits loading to its areas (else None)."""
    if not areas:
        return None
    cells = [_normal(cell) for cell in lines[start]]
    if _normal(header) not in cells:
        raise CqcFileError(f"{what} has no column {header!r}, which SELFDIRECT_CQC_LOCAL_AUTHORITIES needs to keep the "
                           "council's own locations")
    return cells.index(_normal(header))


def _elsewhere(line: list, index: int | None, areas: Collection[str]) -> bool:
    return index is not None and _normal(_cell(line, index)) not in {_normal(a) for a in areas}


def _cell(line: list, index: int) -> str:
    value = line[index] if index < len(line) else ""
    return "" if value is None else str(value).strip()


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):  # a date cell (pandas gives a Timestamp, a datetime)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for form in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _location_id(row: int, header: str, value: str, problems: list[str]) -> str | None:
    if not value:
        problems.append(f"row {row}: {header} is missing")
        return None
    if not LOCATION_ID.fullmatch(value):
        problems.append(f"row {row}: {header} {value!r} is not a CQC location id ({LOCATION_ID_EXAMPLE})")
        return None
    return value


def _rating(text: str) -> str:
    """One of CQC's four ratings in the file's spelling, whatever its case; any other text as written."""
    return next((known for known in RATINGS if _normal(known) == _normal(text)), text)


def _decode(source: bytes) -> str:
    """UTF-8 (with or without a byte order mark); failing that Windows-1252, which spreadsheet programs write."""
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError:
        return source.decode("cp1252", errors="replace")


def read_directory(source: bytes, overrides: Mapping[str, str] | None = None, *, areas: Collection[str] = ()) -> CqcFile:
    """The care directory CSV: each location's id and name, its date of latest check checked."""
    columns = column_names(overrides)
    wanted = _wanted(columns, DIRECTORY_COLUMNS, DIRECTORY_OLDER, overrides)
    try:
        lines = list(csv.reader(io.StringIO(_decode(source), newline="")))
    except csv.Error as error:
        raise CqcFileError(f"The file cannot be read as CSV: {error}") from None
    start, at = _find_columns(lines, wanted, "directory_location_id", "The care directory file")
    area = _area_column(lines, start, columns["directory_local_authority"], areas, "The care directory file")
    result = CqcFile(kind="directory")
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if not any(str(cell).strip() for cell in line):
            continue
        result.read += 1
        if _elsewhere(line, area, areas):
            result.left_out += 1
            continue
        checked = _cell(line, at["directory_checked_on"])
        if checked and _date(checked) is None:
            result.problems.append(
                f"row {number}: {wanted['directory_checked_on'][0]} {checked!r} is not a date (like 14/03/2024 - 00:00)"
            )
        location_id = _location_id(
            number, wanted["directory_location_id"][0], _cell(line, at["directory_location_id"]), result.problems
        )
        if location_id:
            result.rows.append(
                DirectoryRow(row=number, location_id=location_id, name=_cell(line, at["directory_name"]))
            )
    return result


def read_ratings(source: bytes, overrides: Mapping[str, str] | None = None, *, areas: Collection[str] = ()) -> CqcFile:
    """The ratings spreadsheet's sheet of locations: each location's overall rating and its rating for each key
    question, with the day CQC published it."""
    import pandas  # Lazy: pandas takes a second to import, and only this file needs it

    columns = column_names(overrides)
    wanted = _wanted(columns, RATINGS_COLUMNS, RATINGS_OLDER, overrides)
    sheet = columns["ratings_sheet"]
    try:
        sheets = pandas.read_excel(
            io.BytesIO(source), engine="odf", sheet_name=None, header=None, dtype=object, keep_default_na=False
        )
    except Exception as error:  # odfpy and pandas raise many kinds on a damaged file
        raise CqcFileError(f"The spreadsheet cannot be read: {error}") from None
    if sheet not in sheets:
        raise CqcFileError(f"The spreadsheet has no sheet {sheet!r} (it has {_quoted(sheets)})")
    lines = sheets[sheet].values.tolist()
    start, at = _find_columns(lines, wanted, "location_id", f"The spreadsheet's sheet {sheet!r}")
    header = {ours: headers[0] for ours, headers in wanted.items()}
    area = _area_column(lines, start, columns["local_authority"], areas, f"The spreadsheet's sheet {sheet!r}")
    result = CqcFile(kind="ratings")
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if not any(_cell(line, i) for i in range(len(line))):
            continue
        result.read += 1
        if _elsewhere(line, area, areas):
            result.left_out += 1
            continue
        if _normal(_cell(line, at["population_group"])) != _normal(OVERALL_GROUP):
            continue  # a population group's rating (older people, ...): the venue shows its own
        problems = []
        location_id = _location_id(number, header["location_id"], _cell(line, at["location_id"]), problems)
        domain = _cell(line, at["key_question"])
        key_question = KEY_QUESTIONS.get(_normal(domain).replace(" ", "-"))
        if not domain:
            problems.append(f"row {number}: {header['key_question']} is missing")
        elif key_question is None:
            problems.append(
                f"row {number}: {header['key_question']} {domain!r} is not one of CQC's key questions "
                "(Overall, Safe, Effective, Caring, Responsive, Well-led)"
            )
        raw_date = line[at["published_on"]] if at["published_on"] < len(line) else ""
        published_on = _date(raw_date)
        if not _cell(line, at["published_on"]):
            problems.append(f"row {number}: {header['published_on']} is missing")
        elif published_on is None:
            problems.append(
                f"row {number}: {header['published_on']} {_cell(line, at['published_on'])!r} is not a "
                "date (like 14/03/2024)"
            )
        rating = _rating(_cell(line, at["rating"]))
        if not rating:
            problems.append(f"row {number}: {header['rating']} is missing")
        result.problems.extend(problems)
        if not problems:
            if rating not in RATINGS and _normal(rating) not in {_normal(r) for r in NO_RATING}:
                result.problems.append(
                    f"row {number}: {header['rating']} {rating!r} is not one of CQC's ratings "
                    f"({', '.join(RATINGS)}); kept as written"
                )
            result.rows.append(
                RatingRow(
                    row=number,
                    location_id=location_id,
                    name=_cell(line, at["location_name"]),
                    key_question=key_question,
                    rating=rating,
                    published_on=published_on,
                )
            )
    return result
