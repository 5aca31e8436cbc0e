"""The Client Level Data (CLD) review fields as plain rules (no Django): the code lists for "Review Reason",
"Method of Review" and "Review Outcomes Achieved", each a tuple of (the value as the CLD file is to carry it, what it
means in words a social worker uses), and outcomes_achieved(), which turns a review's outcome ratings into the
"Review Outcomes Achieved" value. docs/cld-review-fields.md says where each list comes from and what is still open.

Which release: these are the Release 1 lists. The export (insight/cld.py, docs/cld.md) says it follows "CLD data
specification, Release 2" (May 2025 update), but the Release 2 lists for these three fields could not be read from
any source available here: they are in NHS England's (Arden & GEM's) workbooks, which this research could not open,
  https://www.ardengemcsu.nhs.uk/media/4365/cld-data-specification_release_2_may_2025_update-v01.xlsx (specification)
  https://www.ardengemcsu.nhs.uk/media/4362/cld-data-specification_release_2_mapping_may_2025_update.xlsx (R1 to R2)
(addresses as given in saj42saj-beep/ASC-CLD-ASCOF, "1 Prepare Local CLD/1 Validate.sql", commit 6852ea1eb76a5a847a67839af4c12d9bfb64115c).
What is known about Release 2 for reviews, from DHSC's own processing code (DataS-DHSC/ASC-CLD-LA-Dashboard, commit
9bee728f40102c4f6cee25a5511c5144c2209b4c, Stored_procedures/create_GetDerivedFields_procedure.sql, lines 90-92):
Release 2 review reasons still begin "Planned" or "Unplanned", and Release 2 adds "Review of short term support".
Release 2 rewrote many Release 1 values, some in capitals only ("Service User" became "Service user", "Carer" became
"Unpaid carer" in Client Type), and DHSC compares values letter for letter. Since October 2025 DHSC maps a council's
Release 1 values to Release 2 "where possible" (same repository, README.md, "Release 2 specification"). So check
every value below against the Release 2 workbook before the export writes it; do not add Release 2 values by guess.
"""

from __future__ import annotations

RELEASE = "Release 1"

# Review Reason, Release 1. Source (all seven values, letter for letter): NHS England, "Central Transformation
# Principles: Reproducing SALT metrics from CLD", version 0.3, 2023/24 FINAL (copyright 2024, PDF dated 21 May 2024),
# pages 28-29 (LTS002a) and 31 (LTS002b): "Review Reason field is 'Planned'" and the six "Unplanned - " values.
# Repository NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-transformations, commit
# d6ff762ff88ed53227ab153a644d2af87077b17e, file "Central Transformation Principles - SALT_FINAL.pdf". The same list,
# same spelling, is in NHS England's web page "Reproducing SALT metrics from CLD: LTS002b" (stored copy seen at
# https://production-like.nhsd.io/data-and-information/data-collections-and-data-sets/data-sets/
# adult-social-care-client-level-data/reproducing-salt-metrics-from-cld/lts002b) and in "CLD Guidance, release 1
# (February 2023)" as quoted at https://marketingteam125.wixsite.com/ascglossary/asc-glossary-terms/review-reason,
# which adds: a carer's review defaults to "Planned". "Planned" includes the first review a few weeks after support
# starts (NHS Digital, SALT guidance 2021-22, LTS002a: "Initial reviews completed a few weeks after a new care package
# is provided are included in the definition of 'planned' reviews").
PLANNED = "Planned"
REVIEW_REASONS: tuple[tuple[str, str], ...] = (
    (PLANNED, "Planned: a scheduled review, including the first review after support starts"),
    ("Unplanned - Hospital (Planned and unplanned episodes)", "Unplanned: after a stay in hospital, planned or not"),
    ("Unplanned - Carer related", "Unplanned: something changed for the person's carer"),
    ("Unplanned - Safeguarding concern", "Unplanned: a safeguarding concern was raised"),
    ("Unplanned - Other Reason", "Unplanned: another reason"),
    ("Unplanned - Provider Failure", "Unplanned: the care provider failed or stopped the care"),
    ("Unplanned - Change in Commissioning arrangements", "Unplanned: the council changed how the care is bought"),
)

# Method of Review, Release 1. It records whose review it was (the person, their carer or both), not how it was held:
# "Face to face", which the export writes today (insight/queries.py), is in no list found. Source for the whole list:
# "CLD Guidance, release 1 (February 2023)", NHS England, as quoted at
# https://marketingteam125.wixsite.com/ascglossary/asc-glossary-terms/method-of-review ("Carer only", "Service user
# only", "Service user and carer"; "more in line with the requirements of the SALT LTS003 table 3"). NHS England's own
# processing writes two of them in capitals: "Method of Review is 'Service User Only' or 'Service User and Carer'"
# (Central Transformation Principles, pages 28 and 31, as above). The guidance's spelling is kept here; which
# capitals the file must carry is one of the things to check in the Release 2 workbook.
METHODS_OF_REVIEW: tuple[tuple[str, str], ...] = (
    ("Service user only", "The person's own review, without their carer"),
    ("Carer only", "The carer's review, without the person they care for"),
    ("Service user and carer", "The person and their carer reviewed together"),
)

# Review Outcomes Achieved, Release 1. Source: "CLD Guidance, release 1 (February 2023)", NHS England, as quoted at
# https://marketingteam125.wixsite.com/ascglossary/asc-glossary-terms/review-outcomes-achieved, defined list
# "Fully Met", "Partially Met", "Not Met" (its text writes "'Fully met'" and "'Partially met'" in small letters).
# Its rule: "Where all outcomes have been met, the response should be 'Fully met'. Where at least one outcome has been
# fully or partially met, the response should be 'Partially met'." It "should be populated for planned reviews and may
# be provided for unplanned reviews", and "should not be inferred from subsequent events". The export writes
# "Achieved" / "Partially achieved" / "Not achieved" today, which is in no list found.
FULLY_MET = "Fully Met"
PARTIALLY_MET = "Partially Met"
NOT_MET = "Not Met"
REVIEW_OUTCOMES_ACHIEVED: tuple[tuple[str, str], ...] = (
    (FULLY_MET, "All of the person's outcomes were met"),
    (PARTIALLY_MET, "At least one outcome was met, fully or in part"),
    (NOT_MET, "None of the person's outcomes were met"),
)

# Event Outcome on a Review event: no source found says which Event Outcome values a Review may carry, so there is no
# list here. The three values insight/queries.py writes for a review (REVIEW_OUTCOME: "Continuation of support or
# services", "Progress to assessment, review or reassessment", "NFA: Support ended as planned") are all, letter for
# letter, in DHSC's list of Release 2 Event Outcome values (DataS-DHSC/ASC-CLD-LA-Dashboard, commit 9bee728f,
# Main_tables/docs/methodology/5-data-cleaning.md).

# The ratings a review gives each outcome (outcomes.models.OutcomeRating.Rating).
ACHIEVED, PARTLY, NOT_ACHIEVED = "achieved", "partly", "not_achieved"
RATINGS = frozenset({ACHIEVED, PARTLY, NOT_ACHIEVED})


def outcomes_achieved(ratings: list[str]) -> str:
    """The "Review Outcomes Achieved" value for a review's outcome ratings: every outcome achieved is Fully Met; any
    outcome achieved or partly achieved is Partially Met; otherwise Not Met. As insight/queries.py decides it today,
    so a review with no ratings is Not Met. A rating that is not one of RATINGS is refused (ValueError)."""
    unknown = sorted(set(ratings) - RATINGS)
    if unknown:
        raise ValueError(f"not an outcome rating: {', '.join(map(repr, unknown))}")
    if ratings and all(r == ACHIEVED for r in ratings):
        return FULLY_MET
    # Lazy: no ratings gives Not Met, as the export does today; the guidance wants the field on planned reviews and
    # never "inferred", so a review that rated nothing might better leave it blank. The caller decides.
    if any(r != NOT_ACHIEVED for r in ratings):
        return PARTIALLY_MET
    return NOT_MET


def codes(code_list: tuple[tuple[str, str], ...]) -> list[str]:
    """The values of a code list, in its order."""
    return [code for code, _label in code_list]


def label(code_list: tuple[tuple[str, str], ...], code: str) -> str:
    """The words for a value, or the value itself when the list does not have it."""
    return dict(code_list).get(code, code)
