"""The exemptions a reviewer may apply to what a subject access request releases, and the grounds for refusing a
request. Django-free.

Only exemptions we could confirm in the text of the Data Protection Act 2018 (legislation.gov.uk) or in the
Information Commissioner's guidance, and that fit an adult social care record, are offered:

- Schedule 2, Part 3, paragraph 16, "Protection of the rights of others: general" (legislation.gov.uk, the Act's text):
  article 15(1) to (3) does not oblige a controller to disclose information "to the extent that doing so would involve
  disclosing information relating to another individual who can be identified from the information", unless that
  individual has consented or "it is reasonable to disclose the information to the data subject without the consent"
  (paragraph 16(2)), having regard to the type of information, any duty of confidentiality owed, steps taken to seek
  consent, whether they can consent and any express refusal (16(3)). Information identifying the other individual as
  the source counts (16(4)). The ICO's guidance on social work data: a professional, such as a social worker, carrying
  out their duties should not normally be withheld on this ground.
- Schedule 3, Part 3 (social work data), paragraph 11, the serious harm exemption from article 15: the "serious harm
  test" of paragraph 7(2) (the Act's text) "is met with respect to social work data if the application of Article 15 of
  the GDPR to the data would be likely to prejudice carrying out social work, because it would be likely to cause
  serious harm to the physical or mental health of the data subject or another individual". (The paragraph number is
  as councils' published exemption codes give it, for example Gloucestershire County Council's "S3 P3 Para 11 SC
  harm"; the legislation.gov.uk page for paragraph 11 itself could not be read here.)
- Schedule 3, Part 3, paragraph 9, social work data processed by a court: information supplied in a report or other
  evidence given to a court in proceedings whose rules allow it to be withheld (the ICO's "Social work data" guidance
  names paragraph 9).
- Schedule 2, Part 1, paragraph 2, "Crime and taxation: general" (the Act's text): personal data processed for the
  prevention or detection of crime, the apprehension or prosecution of offenders, or the assessment or collection of a
  tax or duty, to the extent that applying the listed provisions would be likely to prejudice any of those matters.

Not an exemption, but the limit of what the requester may be given: a representative (an attorney, a deputy, someone
the person agreed may act for them) exercises the person's right of access (UK GDPR article 15) only as far as their
authority goes. An LPA for health and welfare, say, gives its attorney authority over the donor's personal welfare
(Mental Capacity Act 2005 s.9(1)(a)), not their property and affairs. The review flags each item outside the authority
(subject_access.queries.authority_of); the reviewer withholds it under OUTSIDE_AUTHORITY, or gives it where the person
agreed. The person may still ask for it themselves.

Not offered, for want of confirmation or fit: the social work "expectations and wishes" exemption (the ICO describes
it; we could not confirm its paragraph), legal professional privilege and confidential references (Schedule 2, Part 4),
and the health data exemptions of Schedule 3, Part 2 (they need the opinion of the appropriate health professional).

Refusing a request: UK GDPR article 12(5): "Where requests from a data subject are manifestly unfounded or excessive,
in particular because of their repetitive character, the controller may either: (a) charge a reasonable fee ...; or
(b) refuse to act on the request", and "the controller shall bear the burden of demonstrating the manifestly unfounded
or excessive character of the request". Article 12(4): a controller who does not act tells the requester, within one
month, the reasons and that they may complain to the Information Commissioner and seek a judicial remedy.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Exemption:
    code: str
    label: str  # what the reviewer chooses, in plain words
    law: str  # the provision, as the release's index cites it
    when: str  # what must be true, for the reviewer

    @property
    def cited(self) -> str:
        return f"{self.label} ({self.law})"


THIRD_PARTY = Exemption(
    "third_party", "Information about someone else",
    "Data Protection Act 2018, Schedule 2, Part 3, paragraph 16",
    "It would tell the person about someone else who can be identified (a carer, a relative, a neighbour), who has not "
    "agreed to it being given, and it is not reasonable to give it without their agreement. Staff doing their job, "
    "such as a social worker, are normally not withheld.")
SERIOUS_HARM = Exemption(
    "serious_harm", "Likely to cause serious harm",
    "Data Protection Act 2018, Schedule 3, Part 3, paragraph 11 (social work data)",
    "Giving it would be likely to prejudice carrying out social work, because it would be likely to cause serious harm "
    "to the physical or mental health of the person or someone else (the serious harm test, paragraph 7(2)).")
COURT = Exemption(
    "court", "In a report or evidence to a court",
    "Data Protection Act 2018, Schedule 3, Part 3, paragraph 9 (social work data)",
    "It was supplied in a report or other evidence to a court, in proceedings whose rules allow the court to withhold "
    "it from the person.")
CRIME = Exemption(
    "crime", "Prevention or detection of crime",
    "Data Protection Act 2018, Schedule 2, Part 1, paragraph 2",
    "It is held to prevent or detect crime, catch or prosecute offenders, or assess or collect a tax, and giving it "
    "would be likely to prejudice that.")

OUTSIDE_AUTHORITY = Exemption(
    "outside_authority", "Outside what the requester's authority covers",
    "the limits of the requester's authority to act for the person (the right of access, UK GDPR article 15, is the "
    "person's own)",
    "Someone acting for the person asked, and their authority (a lasting power of attorney for health and welfare "
    "only, say) does not cover this item. Give it only if the person agreed; the person may ask for it themselves.")

EXEMPTIONS = {exemption.code: exemption for exemption in (THIRD_PARTY, SERIOUS_HARM, COURT, CRIME, OUTSIDE_AUTHORITY)}


def choices(*, representative_asked: bool = True) -> list[tuple[str, str]]:
    """Every exemption; for a request the person made themselves, all but OUTSIDE_AUTHORITY."""
    return [(e.code, e.label) for e in EXEMPTIONS.values() if representative_asked or e is not OUTSIDE_AUTHORITY]


def exemption(code: str) -> Exemption:
    """The exemption with this code; ValueError for one not offered."""
    try:
        return EXEMPTIONS[code]
    except KeyError:
        raise ValueError(f"Unknown exemption: {code!r}") from None


# UK GDPR article 12(5)(b): the grounds on which a request may be refused.
REFUSAL_LAW = "UK GDPR article 12(5)"
REFUSAL_GROUNDS = {
    "unfounded": "Manifestly unfounded",
    "excessive": "Manifestly excessive (for example, it repeats a request already answered)",
}
