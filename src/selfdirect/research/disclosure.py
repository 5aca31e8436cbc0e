"""Disclosure control for research extracts: k-anonymity by generalising, then suppressing cell by cell. Django-free.

A research extract releases, for each person in a project, only quasi-identifiers coarsened from their record (an age
band, never the date of birth; the postcode district, never the full postcode; the month, never the day) under a
random identifier that means nothing outside that one release (research.actions.make_release, which freezes it: two
releases cannot be joined on their identifiers to undo each other's suppression). Even coarsened, a rare combination (the one man of 95 in
EX39 referred in March) singles a person out, so before release:

1. each quasi-identifier is **generalised** a level at a time (postcode district → area, 10-year age band → 20-year
   band → "18 to 64"/"65 and over", month → quarter → year, step → stage), always the one whose next level leaves
   the fewest people in a combination of fewer than k, while more than a small share of the people would otherwise
   have to lose a value;
2. then, **cell by cell**, the value of one quasi-identifier of a combination still under k is replaced by
   "Suppressed" (the one that merges it into the largest combination), until every combination holds at least k people;
   people whose every value is suppressed form one combination, topped up from the largest other one if it is short;
3. the extract is **refused** only when even that cannot reach k: fewer than k people in all.

What was generalised and how many cells were suppressed is reported with the extract, on the page and in the file.

Sources (docs/security.md, "Research data"):
- ICO, Anonymisation: managing data protection risk code of practice (2012), Appendix 2 "Some key anonymisation
  techniques" and Annex 3, and the ICO's anonymisation and pseudonymisation guidance (March 2025): identifiability is
  about "singling out" and "linkability"; generalisation (grouping values into ranges) and suppression reduce it; the
  "motivated intruder" test. (The code's tables of techniques were not found as text to quote here: the contents and
  the 2025 guidance's summary were.)
- Government Statistical Service, guidance on anonymisation and data confidentiality under the Code of Practice for
  Statistics (T6 Data governance): combine categories, then suppress, so that no small cell singles anyone out, and
  suppress a second cell where one alone could be worked out.
- k-anonymity: L. Sweeney, "k-anonymity: a model for protecting privacy" (2002); the greedy generalisation order is
  Datafly's (Sweeney 1998), the cell suppression the local suppression of mu-Argus (Statistics Netherlands).
- The council chooses k (SELFDIRECT_RESEARCH_MIN_CELL, default 5, the house's small-numbers threshold,
  core.disclosure.SMALL)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from selfdirect.core.words import counted

SUPPRESSED = "Suppressed"
UNKNOWN = "Unknown"
# Above this share of people left in combinations under k, another level of generalisation is taken before cells are
# suppressed (a little suppression keeps more detail for everyone else than another level for all; Datafly's rule).
SUPPRESSION_SHARE = 0.1


class Refused(ValueError):
    """The extract cannot reach k; str() says why, for the page."""


@dataclass(frozen=True)
class QuasiIdentifier:
    """A column released in an extract, with the name of each level it can be generalised to (finest first)."""

    name: str
    levels: tuple[str, ...]


@dataclass
class Release:
    """What is released: `rows[i]` holds the values of record i (in the order given) at the level chosen for each
    quasi-identifier, or SUPPRESSED."""

    columns: tuple[QuasiIdentifier, ...]
    rows: list[tuple[str, ...]]
    k: int
    levels: tuple[int, ...]  # the level each quasi-identifier was released at
    suppressed: dict[str, int] = field(default_factory=dict)  # cells suppressed per column

    @property
    def suppressed_cells(self) -> int:
        return sum(self.suppressed.values())

    @property
    def tells_nothing(self) -> bool:
        """Every value suppressed: the release says only how many people there are (not refused, since it reaches k;
        said plainly, so that nobody takes it for data)."""
        return bool(self.rows) and self.suppressed_cells == len(self.rows) * len(self.columns)

    @property
    def generalised(self) -> list[str]:
        """What was generalised, in words: "Postcode: postcode district to postcode area"."""
        return [f"{column.name}: {column.levels[0]} to {column.levels[level]}"
                for column, level in zip(self.columns, self.levels, strict=True) if level > 0]

    def report(self) -> list[str]:
        lines = [f"Every combination of {', '.join(c.name.lower() for c in self.columns)} holds at least "
                 f"{counted(self.k, 'person', 'people')} ({counted(len(self.rows), 'person', 'people')} in all)."]
        lines += [f"Generalised: {g}." for g in self.generalised] or ["Nothing was generalised."]
        if self.suppressed_cells:
            per = ", ".join(f"{name} {n}" for name, n in self.suppressed.items() if n)
            lines.append(f"{counted(self.suppressed_cells, 'cell')} suppressed ({per}).")
        else:
            lines.append("No cells were suppressed.")
        if self.tells_nothing:
            lines.append(f"Every value had to be suppressed to keep at least {counted(self.k, 'person', 'people')} in "
                         "each combination, so this release tells only how many people there are. A later release, "
                         "when more people have agreed to research, may tell more.")
        return lines


def _combinations(rows) -> Counter:
    return Counter(rows)


def _at(records, levels) -> list[tuple[str, ...]]:
    return [tuple(values[level] for values, level in zip(record, levels, strict=True)) for record in records]


def _small(rows, k: int) -> int:
    counts = _combinations(rows)
    return sum(n for n in counts.values() if n < k)


def anonymise(records: list[tuple[tuple[str, ...], ...]], columns: tuple[QuasiIdentifier, ...], *, k: int,
              suppression_share: float = SUPPRESSION_SHARE) -> Release:
    """Records as tuples of each quasi-identifier's values at every level (finest first), e.g.
    (("75-84", "65-84", "65 and over"), ("EX1", "EX"), ...). Returns the release, every combination of which holds at
    least k records; raises Refused when that cannot be reached (fewer than k records)."""
    if k < 1:
        raise ValueError("k must be 1 or more")
    if len(records) < k:
        raise Refused(f"The project has {counted(len(records), 'person', 'people')} who agreed to research: an extract "
                      f"needs at least {k}, so that no one can be singled out")
    for record in records:
        if len(record) != len(columns) or any(len(v) != len(c.levels) for v, c in zip(record, columns, strict=True)):
            raise ValueError("each record needs a value at every level of every column")
    levels = _generalise(records, columns, k, suppression_share)
    rows = _at(records, levels)
    suppressed = _suppress(rows, columns, k)
    return Release(columns=columns, rows=rows, k=k, levels=tuple(levels),
                   suppressed={c.name: n for c, n in zip(columns, suppressed, strict=True)})


def _generalise(records, columns, k, share) -> list[int]:
    """Datafly's loop, choosing by effect: while too many people sit in combinations under k, take the next level of
    the column whose next level leaves the fewest there (ties: the column with the most distinct values, then the
    first)."""
    levels = [0] * len(columns)
    allowed = int(share * len(records))
    while True:
        left = _small(_at(records, levels), k)
        if left <= allowed:
            return levels
        choices = []
        for i, column in enumerate(columns):
            if levels[i] + 1 >= len(column.levels):
                continue
            trial = levels[:i] + [levels[i] + 1] + levels[i + 1:]
            distinct = len({record[i][levels[i]] for record in records})
            choices.append((_small(_at(records, trial), k), -distinct, i))
        if not choices:
            return levels
        _, _, best = min(choices)
        levels[best] += 1


def _suppress(rows: list[tuple[str, ...]], columns, k) -> list[int]:
    """Local suppression, in place: while a combination holds fewer than k rows, replace one of its values with
    SUPPRESSED in every row of it, choosing the column that merges it into the largest combination (ties: the column
    whose values are most varied, so most identifying). Rows with every value suppressed are one combination; if it is
    short of k, rows of the largest other combination (or the whole of the smallest, where taking rows would leave
    fewer than k) are suppressed to join it. Returns the cells suppressed per column."""
    width = len(columns)
    cells = [0] * width
    distinct = [len({row[i] for row in rows}) for i in range(width)]
    everything = (SUPPRESSED,) * width
    while True:
        counts = _combinations(rows)
        short = sorted((n, combo) for combo, n in counts.items() if n < k and combo != everything)
        if not short:
            break
        n, combo = short[0]
        best = None
        for i in range(width):
            if combo[i] == SUPPRESSED:
                continue
            merged = combo[:i] + (SUPPRESSED,) + combo[i + 1:]
            size = counts.get(merged, 0) + n
            key = (min(size, k), distinct[i], -i)  # reach k if any column does; then the most varied column
            if best is None or key > best[0]:
                best = (key, i, merged)
        _, column, merged = best
        for index, row in enumerate(rows):
            if row == combo:
                rows[index] = merged
        cells[column] += n
    counts = _combinations(rows)
    lacking = k - counts.get(everything, k)
    while 0 < lacking:
        others = sorted(((n, combo) for combo, n in counts.items() if combo != everything), reverse=True)
        if not others:
            raise Refused(f"Fewer than {k} people: an extract cannot be released")
        size, donor = others[0]
        take = lacking if size - lacking >= k else size
        if take == size:  # no combination can spare them: the smallest joins whole
            size, donor = others[-1]
            take = size
        for index, row in enumerate(rows):
            if take and row == donor:
                for i in range(width):
                    cells[i] += row[i] != SUPPRESSED
                rows[index] = everything
                take -= 1
        counts = _combinations(rows)
        lacking = k - counts.get(everything, k)
    return cells


# ---- the quasi-identifiers of a research extract, and how each is generalised ---------------------------------------

AGE = QuasiIdentifier("Age band", ("10-year age band", "20-year age band", "18 to 64 or 65 and over"))
AREA = QuasiIdentifier("Postcode", ("postcode district", "postcode area"))
REFERRED = QuasiIdentifier("Month referred", ("month", "quarter", "year"))
GROUP = QuasiIdentifier("Client group", ("client group",))
SEX = QuasiIdentifier("Sex", ("sex",))
STEP = QuasiIdentifier("Step", ("step", "stage"))
COLUMNS = (AGE, AREA, REFERRED, GROUP, SEX, STEP)

# 10-year bands, then 20-year ones, meeting at 65 (the statutory older people's age in adult social care returns).
_TEN = [(95, "95 and over"), (85, "85-94"), (75, "75-84"), (65, "65-74"), (55, "55-64"), (45, "45-54"), (35, "35-44"),
        (25, "25-34"), (0, "18-24")]
_TWENTY = [(85, "85 and over"), (65, "65-84"), (45, "45-64"), (25, "25-44"), (0, "18-24")]


def age_levels(age: int | None) -> tuple[str, str, str]:
    if age is None:
        return (UNKNOWN,) * 3
    ten = next(name for youngest, name in _TEN if age >= youngest)
    twenty = next(name for youngest, name in _TWENTY if age >= youngest)
    return ten, twenty, "65 and over" if age >= 65 else "18 to 64"


def postcode_levels(postcode: str) -> tuple[str, str]:
    """The outward code ("EX1") and the area, its leading letters ("EX"); never the inward code."""
    compact = (postcode or "").strip().upper()
    outward = compact.split()[0] if " " in compact else compact[:-3] if len(compact) > 4 else ""
    area = "".join(ch for ch in outward[:2] if ch.isalpha())
    if not outward or not area:
        return UNKNOWN, UNKNOWN
    return outward, area


def month_levels(day: datetime.date | None) -> tuple[str, str, str]:
    if day is None:
        return (UNKNOWN,) * 3
    return f"{day:%Y-%m}", f"{day.year} Q{(day.month - 1) // 3 + 1}", str(day.year)


STAGES = {"referral": "Before support", "assessment": "Before support", "planning": "Before support",
          "agreement": "Before support", "organising": "Before support", "live": "Receiving support",
          "review": "Receiving support", "closed": "Closed"}


def step_levels(state: str | None, label: str) -> tuple[str, str]:
    if not state:
        return UNKNOWN, UNKNOWN
    return label, STAGES.get(state, UNKNOWN)
