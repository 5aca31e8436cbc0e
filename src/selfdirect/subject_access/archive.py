"""The archive a subject access request releases: a zip file holding an index (index.html, plain and accessible, and
index.csv), each item as a readable HTML file with its redacted words replaced by "[redacted: reason]", and the
person's files (receipts) as they were uploaded. Django-free.

The archive is made the same, byte for byte, every time from the same frozen review: entries in a fixed order, each
dated the day of the release, stored without compression (receipts are PDFs and images, already compressed; and no
compressor's version can change the bytes). So the SHA-256 recorded at the release identifies what was given, and the
archive made again later can be checked against it (subject_access.queries.archive)."""

import csv
import datetime
import hashlib
import html
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from selfdirect.core.cells import safe_row


@dataclass(frozen=True)
class Note:
    """What was done to an item: a reason as the reviewer wrote it and the law it falls under."""

    reason: str
    law: str


@dataclass(frozen=True)
class Item:
    number: int
    kind: str
    title: str
    fields: list[tuple[str, str]]  # as released: redactions applied; empty when withheld
    redacted: list[Note] = field(default_factory=list)
    withheld: Note | None = None
    file_name: str = ""  # a file the item brings (a receipt), as named in the archive; "" for none
    file_path: str = ""  # where the file is stored (for read_file); not shown

    @property
    def page(self) -> str:
        return f"items/{self.number:03d}-{_slug(self.kind)}.html"

    @property
    def file_entry(self) -> str:
        return f"files/{self.number:03d}-{self.file_name}" if self.file_name and self.withheld is None else ""

    @property
    def file_shown(self) -> str:
        """The file's name as it is in the archive's folder "files" ("" for none)."""
        return self.file_entry.removeprefix("files/")

    @property
    def done(self) -> str:
        """What the index says was done to the item."""
        if self.withheld is not None:
            return f"Withheld under {self.withheld.law}: {self.withheld.reason}"
        if self.redacted:
            laws = "; ".join(dict.fromkeys(note.law for note in self.redacted))
            return f"Given, with parts redacted under {laws}"
        return "Given in full"


@dataclass(frozen=True)
class Release:
    council: str
    person_name: str
    reference: str
    request_number: int
    received_on: datetime.date
    released_on: datetime.date
    items: list[Item]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "item"


def _date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _text(value: str) -> str:
    """Escaped, line breaks kept."""
    return "<br>\n".join(html.escape(line) for line in str(value).splitlines()) or "&nbsp;"


# The archive's own styles, in each page: it is opened from a memory stick or an email, with no network, so it loads
# nothing from elsewhere. Every link is a target at least 24 by 24 CSS pixels (WCAG 2.2 success criterion 2.5.8, target
# size (minimum)); and at 320 CSS pixels wide (WCAG 2.1 success criterion 1.4.10, reflow) the index's table becomes a
# list of items, each cell on its own line under its column's name, so nothing scrolls sideways.
STYLE = """
body { margin: 0 auto; max-width: 60em; padding: 1em; font-family: Arial, Helvetica, sans-serif; font-size: 1rem;
  line-height: 1.5; color: #0b0c0c; background: #fff; overflow-wrap: break-word; }
h1 { font-size: 1.75rem; line-height: 1.25; }
a { display: inline-block; min-width: 24px; min-height: 24px; padding: 2px 0; color: #1d70b8; }
a:visited { color: #4c2c92; }
a:focus { outline: 3px solid #fd0; background: #fd0; color: #0b0c0c; box-shadow: 0 4px #0b0c0c; text-decoration: none; }
dt { font-weight: bold; }
dd { margin: 0 0 0.75em 0; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.5em; }
th, td { text-align: left; vertical-align: top; padding: 0.5em 1em 0.5em 0; border-bottom: 1px solid #b1b4b6; }
@media (max-width: 40em) {
  table, caption, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; margin: 0; overflow: hidden; clip-path: inset(50%);
    white-space: nowrap; }
  tr { border-bottom: 1px solid #b1b4b6; padding: 0.5em 0; }
  th, td { border: 0; padding: 0.125em 0; }
  th[data-label]::before, td[data-label]::before { content: attr(data-label) ": "; font-weight: bold; }
  td:empty { display: none; }
}
"""


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
            "</body>\n</html>\n")


def about(release: Release) -> list[tuple[str, str]]:
    """The information UK GDPR article 15(1)(a) to (h) says a person is given with their data."""
    council = release.council
    return [
        ("Why we hold it", f"{council} holds this information to assess your needs for care and support, decide "
                           "whether they are eligible, plan your support and your personal budget, pay it (a direct "
                           "payment too), work out what you pay towards it and review how it is working (the Care Act "
                           "2014)."),
        ("What it is", "The kinds of information listed below: your record and its history, the people who care for "
                       "you or act for you, your case, assessments, plans, reviews, financial assessments and letters, "
                       "your budget's money, and who has looked at your record."),
        ("Who sees it", "The council's staff who work on your care and support and its finance team; the providers "
                        "who deliver your agreed plan (what they deliver for you); the people you or the law have "
                        "allowed to act for you; and the bank or card provider of a direct payment account."),
        ("How long we keep it", "As the council's retention schedule says: ask us for it."),
        ("Your other rights", "You can ask us to correct information that is wrong, to erase it or restrict how we use "
                              "it, and object to how we use it. You can complain to the Information Commissioner's "
                              "Office: ico.org.uk, 0303 123 1113."),
        ("Where it came from", "You, the people who care for you or act for you, the professionals involved in your "
                               "care, your providers, and the statements of a direct payment account."),
        ("Decisions made by computer", "The council's Resource Allocation System works out an indicative budget from "
                                       "your self-assessment. A social worker decides your budget with you: no "
                                       "decision about you is made by a computer alone."),
    ]


def _cell(label: str, content: str, *, header: bool = False) -> str:
    """A cell of the index's table, named for the narrow screen where each cell is a line under its column's name.
    The roles keep the table a table to a screen reader when a narrow screen's styles show it as blocks."""
    if header:
        return f'<th scope="row" role="rowheader" data-label="{label}">{content}</th>'
    return f'<td role="cell" data-label="{label}">{content}</td>' if content else '<td role="cell"></td>'


def index_html(release: Release) -> str:
    with_files = any(item.file_name for item in release.items)
    rows = []
    for item in release.items:
        link = (f'<a href="{html.escape(item.page)}">{html.escape(item.title)}</a>' if item.withheld is None
                else html.escape(item.title))
        cells = [_cell("Number", str(item.number)), _cell("Kind", html.escape(item.kind)),
                 _cell("Item", link, header=True), _cell("What was done", html.escape(item.done))]
        if with_files:
            attached = (f'<a href="{html.escape(item.file_entry)}">{html.escape(item.file_shown)}</a>'
                        if item.file_entry else ("Withheld with the item" if item.file_name else ""))
            cells.append(_cell("File", attached))
        rows.append(f'<tr role="row">{"".join(cells)}</tr>')
    columns = ["Number", "Kind", "Item", "What was done"] + (["File"] if with_files else [])
    head = "".join(f'<th scope="col" role="columnheader">{name}</th>' for name in columns)
    about_rows = "\n".join(f"<dt>{html.escape(term)}</dt>\n<dd>{html.escape(text)}</dd>" for term, text in about(release))
    withheld = sum(1 for item in release.items if item.withheld is not None)
    redacted = sum(1 for item in release.items if item.withheld is None and item.redacted)
    given_files = sum(1 for item in release.items if item.file_entry)
    files = (f' The {given_files} file{"" if given_files == 1 else "s"} given with the items, such as receipts, '
             f'{"is" if given_files == 1 else "are"} in the folder "files", named in the table\'s column "File".'
             if given_files else "")
    body = f"""<h1>Your information held by {html.escape(release.council)}</h1>
<p>This is your subject access request {release.request_number}, received on {_date(release.received_on)}, for
{html.escape(release.person_name)} (council reference {html.escape(release.reference)}). It was answered on
{_date(release.released_on)}.</p>
<p>It holds {len(release.items)} items. {redacted} of them have parts taken out, each replaced by
"[redacted: the reason]", and {withheld} are withheld; the table says under which law. Each item is a page of its own
(follow its title).{files} The same list is in the file index.csv, which a spreadsheet can open.</p>
<h2>About this information</h2>
<dl>
{about_rows}
</dl>
<h2>What we hold</h2>
<table role="table">
<caption>Every item, in order</caption>
<thead role="rowgroup"><tr role="row">{head}</tr></thead>
<tbody role="rowgroup">
{chr(10).join(rows)}
</tbody>
</table>"""
    return _page(f"Your information held by {release.council}", body)


def index_csv(release: Release) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Number", "Kind", "Item", "Page", "What was done", "Under", "Reason", "File"])
    for item in release.items:
        notes = [item.withheld] if item.withheld is not None else item.redacted
        writer.writerow(safe_row([
            item.number, item.kind, item.title, item.page if item.withheld is None else "",
            "Withheld" if item.withheld is not None else ("Redacted in part" if item.redacted else "Given in full"),
            "; ".join(dict.fromkeys(note.law for note in notes)), "; ".join(dict.fromkeys(note.reason for note in notes)),
            item.file_entry]))
    return out.getvalue()


def item_html(release: Release, item: Item) -> str:
    rows = "\n".join(f"<dt>{html.escape(label)}</dt>\n<dd>{_text(text)}</dd>" for label, text in item.fields)
    notes = ""
    if item.redacted:
        notes = "<h2>Parts redacted</h2>\n<ul>\n" + "\n".join(
            f"<li>{html.escape(note.reason)}: {html.escape(note.law)}</li>" for note in dict.fromkeys(item.redacted)
        ) + "\n</ul>"
    attached = (f'<p>With this item, in the folder "files": <a href="../{html.escape(item.file_entry)}">'
                f'{html.escape(item.file_shown)}</a></p>' if item.file_entry else "")
    body = (f"<p><a href=\"../index.html\">Back to the list of everything we hold</a></p>\n"
            f"<p>{html.escape(item.kind)}, item {item.number}</p>\n<h1>{html.escape(item.title)}</h1>\n"
            f"<dl>\n{rows}\n</dl>\n{attached}\n{notes}")
    return _page(item.title, body)


def _entry(name: str, day: datetime.date) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(max(day.year, 1980), day.month, day.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def build(release: Release, out, read_file: Callable[[Item], bytes]) -> str:
    """Write the archive to the binary file `out` and return its SHA-256 (hex). `read_file(item)` gives the bytes of
    an item's file, as stored."""
    day = release.released_on
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_entry("index.html", day), index_html(release).encode())
        archive.writestr(_entry("index.csv", day), index_csv(release).encode("utf-8-sig"))
        for item in release.items:
            if item.withheld is not None:
                continue
            archive.writestr(_entry(item.page, day), item_html(release, item).encode())
            if item.file_entry:
                archive.writestr(_entry(item.file_entry, day), read_file(item))
    out.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: out.read(1 << 20), b""):
        digest.update(chunk)
    out.seek(0)
    return digest.hexdigest()
