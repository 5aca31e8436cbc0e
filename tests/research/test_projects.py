"""Research projects (issue 15, finding 1): administrators make them, name a researcher as lead and add the people who
agreed to research, on the pages, through the API and from the command line; the lead makes each project's releases
and reads them, audited for each person released and as an export. No one else reaches a project, and no page, API
answer or file shows the table that links an identifier to a person. The releases themselves (frozen, each under
identifiers of its own) are tested in tests/research/test_releases.py."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role
from selfdirect.research import actions
from selfdirect.research.models import ProjectMember, ResearchProject, ResearchRelease

TODAY = timezone.localdate()


def _form(council, **changes):
    start, end = TODAY - datetime.timedelta(days=10), TODAY + datetime.timedelta(days=300)
    data = {"name": "Direct payments and wellbeing", "lead": council.researcher.pk, "approval_reference": "26/SW/0042",
            "starts_on_0": start.day, "starts_on_1": start.month, "starts_on_2": start.year,
            "ends_on_0": end.day, "ends_on_1": end.month, "ends_on_2": end.year}
    data.update(changes)
    return data


@pytest.fixture
def project(council):
    return actions.create_project(actor=council.admin, name="Direct payments and wellbeing", lead=council.researcher,
                                  approval_reference="26/SW/0042", starts_on=TODAY - datetime.timedelta(days=10),
                                  ends_on=TODAY + datetime.timedelta(days=300))


def _people(council, n, **extra):
    return [council.person(consents=("research",), first_name=f"Researched{i}", nhs_number="9434765919", **extra)
            for i in range(n)]


def test_an_administrator_makes_a_project_with_a_researcher_as_lead_and_adds_the_people_who_agreed(council, signed_in):
    client = signed_in(council.admin)
    assert client.get("/research/new/").status_code == 200
    response = client.post("/research/new/", _form(council))
    made = ResearchProject.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/research/{made.pk}/"
    assert made.lead == council.researcher and made.approval_reference == "26/SW/0042"
    agreed = _people(council, 3)
    council.person(first_name="Declined")  # did not agree to research
    assert client.post(f"/research/{made.pk}/people/", {"client_group": ""}).status_code == 302
    members = ProjectMember.objects.filter(project=made)
    assert {m.person_id for m in members} == {p.pk for p in agreed}
    assert not hasattr(members.first(), "identifier")  # a member has no identifier: each release makes its own
    client.post(f"/research/{made.pk}/people/", {"client_group": ""})  # again: no one twice
    assert members.count() == 3
    assert AuditEvent.objects.filter(person=agreed[0], what__startswith="Added to research project").count() == 1
    page = client.get(f"/research/{made.pk}/").content.decode()
    assert "26/SW/0042" in page and "3 (3 still agree to research)" in page and "No releases yet." in page
    for person in agreed:
        assert person.la_person_id not in page and person.first_name not in page  # no one is named


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": ""}, "Enter project name"),
    ({"lead": ""}, "Select the lead researcher"),
    ({"approval_reference": ""}, "Enter approval reference"),
    ({"ends_on_2": TODAY.year - 1}, "The end date must be on or after the start date"),
])
def test_a_project_needs_a_name_a_researcher_an_approval_and_dates_in_order(council, signed_in, changes, message):
    response = signed_in(council.admin).post("/research/new/", _form(council, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert not ResearchProject.objects.exists()


def test_only_a_researcher_can_lead_a_project(council):
    with pytest.raises(actions.ResearchError, match="researcher's sign-in") as refused:
        actions.create_project(actor=council.admin, name="X", lead=council.worker, approval_reference="R",
                               starts_on=TODAY, ends_on=TODAY)
    assert refused.value.field == "lead"
    with pytest.raises(actions.ResearchError, match="Only an administrator"):
        actions.create_project(actor=council.researcher, name="X", lead=council.researcher, approval_reference="R",
                               starts_on=TODAY, ends_on=TODAY)


def _release(council, project):
    return actions.make_release(project, actor=council.researcher, today=TODAY)


def test_the_lead_sees_their_projects_on_their_home_page_makes_a_release_and_reads_it(council, signed_in, project):
    people = _people(council, 6)
    actions.add_consenting_people(project, actor=council.admin)
    client = signed_in(council.researcher)
    home = client.get("/").content.decode()
    assert "Direct payments and wellbeing" in home and f"/research/{project.pk}/" in home
    assert "Researched" not in home
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    assert "Make a release" in client.get(f"/research/{project.pk}/").content.decode()
    made = client.post(f"/research/{project.pk}/releases/new/")
    release = ResearchRelease.objects.get(project=project)
    assert made.status_code == 302 and made["Location"] == f"/research/releases/{release.pk}/"
    assert release.number == 1 and release.made_by == council.researcher and release.made_on == TODAY
    listing = client.get(f"/research/{project.pk}/").content.decode()
    assert f"/research/releases/{release.pk}/" in listing and "Release 1" in listing
    page = client.get(f"/research/releases/{release.pk}/").content.decode()
    assert "Every combination of" in page and "at least 5 people" in page and "Research release 1" in page
    download = client.get(f"/research/releases/{release.pk}.csv")
    assert download["Content-Disposition"].startswith("attachment;")
    text = download.content.decode()
    assert text.splitlines()[0] == "Identifier,Age band,Postcode,Month referred,Client group,Sex,Step"
    assert "Research release 1 of Direct payments and wellbeing (approval 26/SW/0042)" in text
    for person in people:
        assert person.la_person_id not in page + text and person.postcode not in page + text
    events = AuditEvent.objects.filter(id__gt=before, actor=council.researcher)
    released = events.filter(action="export", person__isnull=False)
    # made, then seen on the page, then downloaded: each person audited each time
    assert sorted(released.values_list("person_id", flat=True)) == sorted([p.pk for p in people] * 3)
    assert events.filter(action="export", person__isnull=True, what__startswith="Research release 1 of").count() == 3


def test_a_release_that_cannot_reach_five_people_is_refused_with_a_reason(council, signed_in, project):
    _people(council, 4)
    actions.add_consenting_people(project, actor=council.admin)
    client = signed_in(council.researcher)
    refused = client.post(f"/research/{project.pk}/releases/new/", follow=True)
    page = refused.content.decode()
    assert "No release: The project has 4 people who agreed to research: an extract needs at least 5" in page
    assert not ResearchRelease.objects.exists()


def test_no_release_after_the_project_has_ended(council, signed_in, project):
    _people(council, 6)
    actions.add_consenting_people(project, actor=council.admin)
    ResearchProject.objects.filter(pk=project.pk).update(ends_on=TODAY - datetime.timedelta(days=1))
    page = signed_in(council.researcher).post(f"/research/{project.pk}/releases/new/", follow=True).content.decode()
    assert "The project ended on" in page and "Identifier" not in page
    assert not ResearchRelease.objects.exists()


@pytest.mark.parametrize("who", ["worker", "manager", "finance", "commissioner", "holder", "provider"])
def test_no_one_but_administrators_and_researchers_reaches_research(council, signed_in, project, who):
    _people(council, 5)
    actions.add_consenting_people(project, actor=council.admin)
    release = _release(council, project)
    client = signed_in(getattr(council, who))
    for url in ["/research/", "/research/new/", f"/research/{project.pk}/", f"/research/releases/{release.pk}/",
                f"/research/releases/{release.pk}.csv", "/api/v1/research/projects/",
                f"/api/v1/research/projects/{project.pk}/releases/", f"/api/v1/research/releases/{release.pk}/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/research/{project.pk}/people/").status_code == 403
    assert client.post(f"/research/{project.pk}/releases/new/").status_code == 403
    assert client.post(f"/api/v1/research/projects/{project.pk}/extract/").status_code == 403
    assert client.post("/api/v1/research/projects/new/", {}).status_code == 403
    assert ResearchRelease.objects.count() == 1


def test_another_researcher_does_not_find_the_project_and_a_researcher_adds_no_one(council, signed_in, project):
    _people(council, 5)
    actions.add_consenting_people(project, actor=council.admin)
    release = _release(council, project)
    other = User.objects.create_user(username="researcher.other", password="a-long-test-password", role=Role.RESEARCHER)
    client = signed_in(other)
    for url in [f"/research/{project.pk}/", f"/research/releases/{release.pk}/", f"/research/releases/{release.pk}.csv",
                f"/api/v1/research/projects/{project.pk}/", f"/api/v1/research/projects/{project.pk}/releases/",
                f"/api/v1/research/releases/{release.pk}/"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/research/{project.pk}/releases/new/").status_code == 404
    assert client.post(f"/api/v1/research/projects/{project.pk}/extract/").status_code == 404
    assert ResearchRelease.objects.count() == 1
    with pytest.raises(actions.ResearchError, match="lead researcher or an administrator"):
        actions.make_release(project, actor=other, today=TODAY)
    assert "Direct payments and wellbeing" not in client.get("/research/").content.decode()
    lead = signed_in(council.researcher)
    assert lead.post(f"/research/{project.pk}/people/").status_code == 403
    assert lead.get("/research/new/").status_code == 403


def test_the_api_makes_lists_fills_and_extracts_a_project(council, signed_in):
    client = signed_in(council.admin)
    made = client.post("/api/v1/research/projects/new/", {
        "name": "Carers' breaks", "lead": "researcher", "approval_reference": "ESX-RG-7",
        "starts_on": (TODAY - datetime.timedelta(days=1)).isoformat(), "ends_on": TODAY.isoformat()},
        content_type="application/json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    bad = client.post("/api/v1/research/projects/new/", {"name": "X", "lead": "worker", "approval_reference": "R",
                                                      "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat()},
                      content_type="application/json")
    assert bad.status_code == 400 and "lead" in bad.json()["errors"]
    _people(council, 5)
    added = client.post(f"/api/v1/research/projects/{pk}/people/", {}, content_type="application/json")
    assert added.json() == {"added": 5}
    researcher = signed_in(council.researcher)
    listed = researcher.get("/api/v1/research/projects/").json()
    assert [p["name"] for p in listed] == ["Carers' breaks"] and listed[0]["consenting"] == 5
    made = researcher.post(f"/api/v1/research/projects/{pk}/extract/")
    assert made.status_code == 201, made.content
    extract = made.json()
    assert extract["header"][0] == "Identifier" and len(extract["rows"]) == 5 and extract["min_cell"] == 5
    assert extract["number"] == 1 and extract["made_by"] == "researcher" and extract["withdrawn"] == 0
    assert "person" not in str(extract).lower().replace("people", "")  # no person ids, only identifiers
    listed = researcher.get(f"/api/v1/research/projects/{pk}/releases/").json()
    assert listed == [{"id": extract["id"], "number": 1, "made_on": TODAY.isoformat(), "made_by": "researcher",
                       "rows": 5, "suppressed_cells": extract["suppressed_cells"]}]
    read = researcher.get(f"/api/v1/research/releases/{extract['id']}/").json()
    assert read == extract  # the release as made, read again
    assert AuditEvent.objects.filter(action="export", channel="api", person__isnull=False).count() == 10


def _run(*args):
    out = io.StringIO()
    call_command("research", *args, stdout=out)
    return out.getvalue()


def test_the_command_line_makes_a_project_adds_people_and_writes_the_extract(council, tmp_path):
    said = _run("create", "--name", "Night care", "--lead", "researcher", "--approval-reference", "REC 26/01",
                "--starts", (TODAY - datetime.timedelta(days=1)).isoformat(), "--ends", TODAY.isoformat(),
                "--actor", "admin")
    project = ResearchProject.objects.get()
    assert f"Made research project {project.pk}, Night care, led by researcher" in said
    _people(council, 5)
    assert "Added 5 people to Night care" in _run("add-people", str(project.pk), "--actor", "admin")
    assert "Night care" in _run("list", "--actor", "researcher")
    out = tmp_path / "extract.csv"
    said = _run("extract", str(project.pk), "--actor", "researcher", "--out", str(out))
    assert "Made release 1 of Night care and wrote it to" in said and out.read_text().startswith("Identifier,")
    assert AuditEvent.objects.filter(action="export", channel="cli", person__isnull=False).count() == 5
    assert ResearchRelease.objects.filter(project=project).count() == 1
    listed = _run("releases", str(project.pk), "--actor", "researcher")
    assert listed.startswith("1\tmade on ") and "by researcher\t5 rows" in listed
    again = tmp_path / "again.csv"
    assert "Wrote release 1 of Night care" in _run("read", str(project.pk), "1", "--actor", "researcher",
                                                  "--out", str(again))
    assert again.read_text() == out.read_text()  # the same release, the same file
    assert ResearchRelease.objects.filter(project=project).count() == 1  # reading made no release
    assert AuditEvent.objects.filter(action="export", channel="cli", person__isnull=False).count() == 10
    with pytest.raises(CommandError, match="number: Night care has no release 2"):
        _run("read", str(project.pk), "2", "--actor", "researcher", "--out", str(again))
    with pytest.raises(CommandError, match="--actor: worker is not an active administrator"):
        _run("add-people", str(project.pk), "--actor", "worker")
    with pytest.raises(CommandError, match="--lead: worker is not an active researcher"):
        _run("create", "--name", "X", "--lead", "worker", "--approval-reference", "R", "--starts", "2026-01-01",
             "--ends", "2026-02-01", "--actor", "admin")
    with pytest.raises(CommandError, match="--ends: The end date must be on or after the start date"):
        _run("create", "--name", "X", "--lead", "researcher", "--approval-reference", "R", "--starts", "2026-02-01",
             "--ends", "2026-01-01", "--actor", "admin")
