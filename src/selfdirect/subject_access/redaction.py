"""What a release shows of one gathered item, once its redactions are applied. Django-free.

A gathered item is a list of fields, (label, text). A redaction takes out of the release (never out of the records,
which are not changed) either some words wherever they appear in one field, or a whole field, or the whole item
(withheld). Words taken out are replaced by "[redacted: reason]", the reason as the reviewer wrote it ("third party:
carer's own health"); the exemption it falls under is named in the release's index. Words are matched without regard
to case (a name typed "jane" in one place and "Jane" in another is taken out in both); where two redactions overlap,
the words they cover together are replaced once, with both reasons."""

import re
from dataclasses import dataclass

MARK = "[redacted: {reason}]"


@dataclass(frozen=True)
class Cut:
    """One redaction: `field` the index of the field (None: the whole item is withheld), `words` the words to take
    out ("" for the whole field), `reason` what the release says instead."""

    field: int | None
    words: str
    reason: str


def mark(reason: str) -> str:
    return MARK.format(reason=reason.strip())


def redact_text(text: str, cuts: list[Cut]) -> str:
    """The text with each cut's words replaced by its mark (a cut with no words: the whole text). The marks are put in
    after every match is found in the original text, so one cut's reason is never matched by another cut."""
    whole = [cut for cut in cuts if not cut.words.strip()]
    if whole:
        return mark("; ".join(dict.fromkeys(cut.reason.strip() for cut in whole)))
    spans = []
    for cut in cuts:
        for found in re.finditer(re.escape(cut.words.strip()), text, flags=re.IGNORECASE):
            spans.append([found.start(), found.end(), [cut.reason.strip()]])
    if not spans:
        return text
    spans.sort()
    merged = [spans[0]]
    for start, end, reasons in spans[1:]:
        last = merged[-1]
        if start <= last[1]:  # overlapping or touching: one mark for both
            last[1] = max(last[1], end)
            last[2] = last[2] + reasons
        else:
            merged.append([start, end, reasons])
    out, at = [], 0
    for start, end, reasons in merged:
        out += [text[at:start], mark("; ".join(dict.fromkeys(reasons)))]
        at = end
    out.append(text[at:])
    return "".join(out)


def withheld(cuts: list[Cut]) -> list[Cut]:
    """The cuts that withhold the whole item."""
    return [cut for cut in cuts if cut.field is None]


def released_fields(fields: list[tuple[str, str]], cuts: list[Cut]) -> list[tuple[str, str]]:
    """Each field as the release shows it (the item's own cuts applied field by field). An item withheld whole
    releases no fields (the index still lists it)."""
    if withheld(cuts):
        return []
    return [(label, redact_text(text, [cut for cut in cuts if cut.field == index]))
            for index, (label, text) in enumerate(fields)]


def fields_with(fields: list[tuple[str, str]], words: str) -> list[int]:
    """The indexes of the fields whose text holds these words (any case): where "redact everywhere" applies."""
    wanted = words.strip().lower()
    return [index for index, (_, text) in enumerate(fields) if wanted and wanted in text.lower()]
