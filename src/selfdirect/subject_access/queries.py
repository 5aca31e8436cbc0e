"""Reads of subject access requests: lists with their deadlines, a request's gathered items with what the release
shows of each, and the release's archive, made again from the frozen review. Reads only: subject_access.actions
writes."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch, Q
from django.utils import timezone

from selfdirect.people import authority

from . import archive as archives
from . import deadlines, exemptions, gatherers, redaction
from .models import Redaction, ReviewItem, SubjectAccessRequest

State = SubjectAccessRequest.State

# The release's archive is not kept: it is made again, byte for byte, from the frozen review each time it is
# downloaded, and checked against the SHA-256 recorded when it was released. The team may download it for this many
# days after the release (to give it again, say, if a letter is lost); an administrator at any time, to answer for
# what was released (docs/data-protection.md, "Subject access").
DOWNLOAD_DAYS = 30


def requests_of(person):
    return (SubjectAccessRequest.objects.filter(person=person)
            .select_related("person", "logged_by", "representative").order_by("-received_on", "-id"))


def open_requests_of(person) -> list[SubjectAccessRequest]:
    return list(requests_of(person).filter(state__in=SubjectAccessRequest.OPEN).order_by("due_on", "id"))


def requests_in(people, *, open_only: bool = True):
    """The requests of these people (a queryset of Person), the soonest due first."""
    found = SubjectAccessRequest.objects.filter(person__in=people).select_related("person", "person__team")
    if open_only:
        found = found.filter(state__in=SubjectAccessRequest.OPEN)
    return found.order_by("due_on", "id")


def request_of(person, pk):
    """One of this person's requests (the person already reached through people.access), or None."""
    if not str(pk).isdigit():
        return None
    return requests_of(person).filter(pk=pk).first()


def deadline_of(request, today: datetime.date | None = None) -> deadlines.Deadline:
    return deadlines.deadline(request.starts_on, extended=request.extended, today=today or timezone.localdate())


def stage(request) -> str:
    """Where the request is, in a few words."""
    if request.state == State.RECEIVED:
        return "Received: gather the records"
    if request.state == State.GATHERED:
        return "Gathered: to review"
    if request.state == State.IN_REVIEW:
        return "Reviewed: waiting for a manager's approval" if request.review_done_at else "Being reviewed"
    if request.state == State.APPROVED:
        return "Approved: ready to release"
    if request.state == State.RELEASED:
        return "Released"
    return "Refused"


@dataclass(frozen=True)
class Row:
    """A request as a list shows it: with its deadline on the day, and where it is."""

    request: SubjectAccessRequest
    deadline: deadlines.Deadline
    stage: str

    @property
    def person(self):
        return self.request.person


def rows(requests, today: datetime.date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    return [Row(r, deadline_of(r, today), stage(r)) for r in requests]


def _live_redactions():
    return Prefetch("redactions", queryset=Redaction.objects.filter(withdrawn_at__isnull=True)
                    .select_related("made_by").order_by("pk"), to_attr="live")


def items_of(request) -> list[ReviewItem]:
    """The request's gathered items, in order, each with its live redactions (`item.live`)."""
    return list(ReviewItem.objects.filter(request=request).prefetch_related(_live_redactions()).order_by("position"))


def item_of(request, pk) -> ReviewItem | None:
    if not str(pk).isdigit():
        return None
    return ReviewItem.objects.filter(request=request, pk=pk).prefetch_related(_live_redactions()).first()


def cuts(item) -> list[redaction.Cut]:
    """The item's live redactions as the rule module takes them (item.live, from items_of or item_of)."""
    return [redaction.Cut(field=None if r.scope == Redaction.Scope.ITEM else r.field_index,
                          words=r.words if r.scope == Redaction.Scope.WORDS else "", reason=r.reason)
            for r in item.live]


def released_fields(item) -> list[tuple[str, str]]:
    return redaction.released_fields([tuple(f) for f in item.fields], cuts(item))


def withholding(item) -> Redaction | None:
    return next((r for r in item.live if r.scope == Redaction.Scope.ITEM), None)


@dataclass(frozen=True)
class Authority:
    """What the authority of a representative who made a request covers: the parts of a record (people.access's
    sections) their live authorities open, and in words. `recorded` is False when the requester is not recorded as
    acting for the person: then what it covers is not known here, and the worker checks each item against the
    authority they saw."""

    who: str
    recorded: bool
    kinds: list[str]
    covers: list[str]
    sections: frozenset[str]

    def outside(self, item) -> bool:
        """Whether an item is outside it: an item of a kind whose parts of the record it does not all open (or of a
        kind no longer gathered). Nothing is outside an authority not recorded here (it is not known)."""
        if not self.recorded:
            return False
        found = gatherers.registered(item.kind)
        return found is None or not found.sections <= self.sections


def authority_of(request) -> Authority | None:
    """For a request made by a representative, what their authority covers (None for the person's own request): the
    scopes of their live authorities for the person on the day the request came, one row an authority
    (people.Representative), taking every row of the same holder (the same sign-in, or else the same name)."""
    if request.requester != SubjectAccessRequest.Requester.REPRESENTATIVE:
        return None
    chosen = request.representative
    if chosen is None:
        return Authority(who=request.requester_name, recorded=False, kinds=[], covers=[], sections=frozenset())
    same = Q(user_id=chosen.user_id) if chosen.user_id else Q(name__iexact=chosen.name)
    rows = [rep for rep in request.person.representatives.filter(same | Q(pk=chosen.pk)).order_by("pk")
            if rep.live_on(request.received_on)]
    sections = frozenset().union(*(authority.sections_of(rep.scope) for rep in rows))
    return Authority(who=chosen.name, recorded=True, kinds=list(dict.fromkeys(rep.get_kind_display() for rep in rows)),
                     covers=list(dict.fromkeys(rep.scope_label for rep in rows)), sections=sections)


@dataclass(frozen=True)
class ItemView:
    """An item as the review pages show it: its fields as released, whether it is withheld or redacted, the heading
    of its kind on the worker's pages, and whether it is outside the authority of the representative who asked."""

    item: ReviewItem
    released: list[tuple[str, str]]
    withheld: Redaction | None
    redactions: list[Redaction]
    outside_authority: bool = False

    @property
    def heading(self) -> str:
        """The kind's heading in the third person, for the worker (the archive keeps the words to the person)."""
        found = gatherers.registered(self.item.kind)
        return found.heading if found is not None else self.item.kind_label

    @property
    def status(self) -> str:
        if self.withheld is not None:
            return f"Withheld: {self.withheld.exemption_rule.label.lower()}"
        if self.redactions:
            n = len(self.redactions)
            return f"{n} redaction{'' if n == 1 else 's'}"
        return "Given in full"


def item_view(item, authority: Authority | None = None) -> ItemView:
    return ItemView(item=item, released=released_fields(item), withheld=withholding(item),
                    redactions=[r for r in item.live if r.scope != Redaction.Scope.ITEM],
                    outside_authority=authority is not None and authority.outside(item))


def item_views(request) -> list[ItemView]:
    """The request's items as the review pages show them, each flagged when outside the requester's authority."""
    found = authority_of(request)
    return [item_view(item, found) for item in items_of(request)]


def reviewers(request) -> set[int]:
    """Who reviewed the request: everyone who redacted or withheld anything in it (even if taken back since) and
    whoever said the review was done. None of them may approve it (the two-person rule)."""
    made = set(Redaction.objects.filter(item__request=request).values_list("made_by_id", flat=True))
    withdrawn = set(Redaction.objects.filter(item__request=request, withdrawn_by__isnull=False)
                    .values_list("withdrawn_by_id", flat=True))
    return made | withdrawn | ({request.review_done_by_id} if request.review_done_by_id else set())


def counts(items: list[ItemView]) -> dict[str, int]:
    return {"items": len(items), "withheld": sum(1 for v in items if v.withheld is not None),
            "redacted": sum(1 for v in items if v.withheld is None and v.redactions),
            "outside": sum(1 for v in items if v.outside_authority),
            "outside_given": sum(1 for v in items if v.outside_authority and v.withheld is None)}


def grouped(items: list[ItemView]) -> list[tuple[str, list[ItemView]]]:
    """The items by kind, in the order gathered, under the kind's heading for the worker."""
    groups: dict[str, list[ItemView]] = {}
    for view in items:
        groups.setdefault(view.heading, []).append(view)
    return list(groups.items())


def requests_since(person, since: datetime.date) -> int:
    """How many requests the person made since a day (a repeated request may be manifestly excessive)."""
    return requests_of(person).filter(received_on__gte=since).count()


# ---- the release's archive ----------------------------------------------------------------------------------------------

def _note(r: Redaction) -> archives.Note:
    return archives.Note(reason=r.reason, law=r.exemption_rule.law)


def release_of(request, *, released_on: datetime.date) -> archives.Release:
    """The release as the archive gives it, from the frozen review (the gathered items and their live redactions)."""
    items = []
    for number, item in enumerate(items_of(request), start=1):
        view = item_view(item)
        items.append(archives.Item(
            number=number, kind=item.kind_label, title=item.title, fields=view.released,
            redacted=[_note(r) for r in view.redactions],
            withheld=_note(view.withheld) if view.withheld is not None else None,
            file_name=item.file_name if item.file_path else "", file_path=item.file_path))
    person = request.person
    return archives.Release(council=settings.COUNCIL_NAME, person_name=person.full_name,
                            reference=person.la_person_id, request_number=request.pk, received_on=request.received_on,
                            released_on=released_on, items=items)


def read_file(item: archives.Item) -> bytes:
    """A file an item brings, as stored under SELFDIRECT_MEDIA_ROOT (a receipt)."""
    with default_storage.open(item.file_path, "rb") as stored:
        return stored.read()


def missing_files(request) -> list[str]:
    """The stored files of items that are not withheld and are no longer there (the archive cannot be made)."""
    return [item.file_name for item in items_of(request)
            if item.file_path and withholding(item) is None and not default_storage.exists(item.file_path)]


def archive(request, out, *, released_on: datetime.date) -> str:
    """Write the release's archive to `out` and return its SHA-256."""
    return archives.build(release_of(request, released_on=released_on), out, read_file)


def download_ends_on(request) -> datetime.date | None:
    """The last day the team may download the released archive."""
    return request.released_on + datetime.timedelta(days=DOWNLOAD_DAYS) if request.released_on else None


def download_open(request, today: datetime.date | None = None) -> bool:
    """Whether the team may still download the released archive (an administrator may at any time)."""
    ends_on = download_ends_on(request)
    return ends_on is not None and (today or timezone.localdate()) <= ends_on


def exemption_choices() -> list[tuple[str, str]]:
    return exemptions.choices()


def overdue_filter(today: datetime.date) -> Q:
    return Q(state__in=SubjectAccessRequest.OPEN, due_on__lt=today)
