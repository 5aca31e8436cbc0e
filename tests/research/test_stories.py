"""Issue 21, "Stories": a research project's lead reads the stories its members' tellers agreed to share for research,
as words only: no name, reference, teller's name, date or recording; none at all when fewer than 5 are shared; each
person whose story is shown audited as read (docs/evaluations.md, "Stories"; docs/security.md, "Research data")."""

import datetime

import pytest
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role
from selfdirect.outcomes import actions as outcomes
from selfdirect.people import actions as people_actions
from selfdirect.people import queries as people_queries
from selfdirect.planning import queries as plans
from selfdirect.research import actions, queries
from selfdirect.research.models import ResearchProject
from tests.outcomes.recordings import wav

TODAY = timezone.localdate()
HELD_ON = datetime.date(2026, 3, 9)
TELLERS = ["Tabitha Tellwright", "Rupert Repworth"]


@pytest.fixture
def project(council):
    return actions.create_project(actor=council.admin, name="Stories of direct payments", lead=council.researcher,
                                  approval_reference="26/SW/0099", starts_on=TODAY - datetime.timedelta(days=10),
                                  ends_on=TODAY + datetime.timedelta(days=300))


def _review(council, person):
    case = council.case(person)
    return outcomes.record_review(case, actor=council.worker, held_on=HELD_ON, summary="Going well", decision="continue",
                                  ratings={o.pk: "achieved" for o in plans.approved_plan_for(case).outcomes.all()},
                                  depth="light", reason="Planned", method="Service user only",
                                  what_changed="Nothing changed")


def _story(council, review, words, *, told_by="person", teller="", shared=True, **extra):
    return outcomes.record_story(review, actor=council.worker, told_by=told_by, teller_name=teller, words=words,
                                 share_with_helpers=False, share_for_research=shared, **extra)


@pytest.fixture
def storied(council, project):
    """Three people in the project who agree to research (Ann with five stories, one not shared for research and one
    only a recording; Bea with two; Cat with one), and Dan, who does not agree to research, with a story shared for
    research: six written stories are the project's to read."""
    ann, bea, cat = (council.live_person(consents=("research",), first_name=name, last_name="Quillfeather")
                     for name in ["Annabel", "Beatrix", "Catriona"])
    dan = council.live_person(first_name="Dorian", last_name="Quillfeather")
    actions.add_consenting_people(project, actor=council.admin)
    a, b, c, d = (_review(council, p) for p in (ann, bea, cat, dan))
    stories = {
        "A1": _story(council, a, "SHARED-A1 I go to the lunch club now.\nAnd the pictures on Fridays.",
                     domains=["friendships", "community"]),
        "A2": _story(council, a, "SHARED-A2 She is happier.", told_by="family_carer", teller=TELLERS[0]),
        "A3": _story(council, a, "PRIVATE-A3 Not for research.", shared=False),
        "A4": _story(council, a, "SHARED-A4 With a recording too.", audio_file=wav()),
        "A5": _story(council, a, "", audio_file=wav()),  # a recording alone: nothing for research
        "B1": _story(council, b, "SHARED-B1 " + "A long story. " * 200, domains=["money"]),
        "B2": _story(council, b, "SHARED-B2 Told for her.", told_by="representative", teller=TELLERS[1]),
        "C1": _story(council, c, "SHARED-C1 Cat's words."),
        "D1": _story(council, d, "OUTSIDER-D1 Not in the project."),
    }
    return {"ann": ann, "bea": bea, "cat": cat, "dan": dan, "stories": stories}


def _main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


def _page(client, project) -> str:
    answer = client.get(f"/research/{project.pk}/stories/")
    assert answer.status_code == 200
    return _main(answer.content.decode())


def test_the_lead_reads_the_shared_stories_of_members_who_agree_to_research_and_nothing_that_names_them(
        council, signed_in, project, storied):
    client = signed_in(council.researcher)
    assert f"/research/{project.pk}/stories/" in client.get(f"/research/{project.pk}/").content.decode()
    page = _page(client, project)
    for key in ["A1", "A2", "A4", "B1", "B2", "C1"]:
        assert f"SHARED-{key}" in page, key
    assert "PRIVATE-A3" not in page and "OUTSIDER-D1" not in page  # not shared; not in the project
    assert "6 stories" in page and "Told in 2026" in page
    assert "Told by the person" in page and "Told by a family carer" in page
    assert "Told by someone acting for the person" in page
    assert "Friendships, Being part of the community" in page
    assert "<p class=\"govuk-body\">And the pictures on Fridays.</p>" in page  # each line of the words kept
    assert "A long story. " * 199 in page  # long words shown whole
    assert "Recordings are not shared with research: only written words" in page
    # no name, reference, teller's name, date or recording
    people = [storied[k] for k in ("ann", "bea", "cat", "dan")]
    marks = ["Quillfeather", "Annabel", "Beatrix", "Catriona", *TELLERS, "9 March 2026", "2026-03-09", "<audio",
             "/recording/", *(p.la_person_id for p in people), *(f"stories/{s.pk}" for s in storied["stories"].values())]
    for mark in marks:
        assert mark not in page, mark


def test_the_stories_are_not_in_an_order_that_groups_one_persons(council, signed_in, project, storied):
    client = signed_in(council.researcher)
    orders = set()
    for _ in range(12):
        page = _page(client, project)
        orders.add(tuple(sorted(["A1", "A2", "A4", "B1", "B2", "C1"], key=lambda k: page.index(f"SHARED-{k}"))))
    assert len(orders) > 1  # made at random at each read, not by the records' ids (one person's are side by side)


def test_a_member_who_withdraws_and_a_teller_who_changes_their_mind_leave_the_page(council, signed_in, project,
                                                                                   storied):
    client = signed_in(council.researcher)
    people_actions.withdraw_consent(people_queries.open_consent(storied["cat"], "research"), actor=council.worker,
                                    withdrawn_on=TODAY)
    page = _page(client, project)
    assert "SHARED-C1" not in page and "SHARED-A1" in page and "5 stories" in page
    outcomes.change_story_consent(storied["stories"]["B2"], actor=council.worker, share_with_helpers=False,
                                  share_for_research=False)
    page = _page(client, project)
    assert "SHARED-B2" not in page


def test_fewer_than_five_stories_shows_none(council, signed_in, project, storied):
    people_actions.withdraw_consent(people_queries.open_consent(storied["bea"], "research"), actor=council.worker,
                                    withdrawn_on=TODAY)
    client = signed_in(council.researcher)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    page = _page(client, project)  # A1, A2, A4 and C1: four
    assert ("Fewer than 5 stories have been shared for research: none is shown, so that no one can be recognised"
            in page)
    assert "SHARED-" not in page and "Told by" not in page
    assert not AuditEvent.objects.filter(id__gt=before, person__isnull=False).exists()  # no one's story was read
    read = queries.shared_stories(project, today=TODAY)
    assert read.withheld and read.shared == 4 and read.stories == [] and read.people == []


def test_no_story_at_all_says_so(council, signed_in, project):
    page = _page(signed_in(council.researcher), project)
    assert "No stories have been shared for research" in page and "Fewer than 5" not in page


def test_each_person_whose_story_is_shown_is_audited_as_read(council, signed_in, project, storied):
    client = signed_in(council.researcher)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    _page(client, project)
    read = AuditEvent.objects.filter(id__gt=before, actor=council.researcher, action="read", person__isnull=False)
    assert sorted(read.values_list("person_id", flat=True)) == sorted(storied[k].pk for k in ("ann", "bea", "cat"))
    assert all("shared for research" in e.what and "Stories of direct payments" in e.what for e in read)


def test_an_administrator_reads_them_too(council, signed_in, project, storied):
    page = _page(signed_in(council.admin), project)
    assert "SHARED-A1" in page and "6 stories" in page


@pytest.mark.parametrize("who", ["worker", "manager", "finance", "commissioner", "holder", "provider", "family"])
def test_no_one_else_reads_them(council, signed_in, project, storied, who):
    answer = signed_in(getattr(council, who)).get(f"/research/{project.pk}/stories/")
    assert answer.status_code == 403 and "SHARED-" not in answer.content.decode()


def test_another_researcher_does_not_find_them_and_the_lead_not_after_the_project_ended(council, signed_in, project,
                                                                                        storied):
    other = User.objects.create_user(username="researcher.other", password="a-long-test-password", role=Role.RESEARCHER)
    assert signed_in(other).get(f"/research/{project.pk}/stories/").status_code == 404
    ResearchProject.objects.filter(pk=project.pk).update(ends_on=TODAY - datetime.timedelta(days=1))
    lead = signed_in(council.researcher)
    answer = lead.get(f"/research/{project.pk}/stories/")
    assert answer.status_code == 403 and "SHARED-" not in answer.content.decode()
    assert f"/research/{project.pk}/stories/" not in lead.get(f"/research/{project.pk}/").content.decode()
