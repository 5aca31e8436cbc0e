"""Issue 15, review finding 1: joining two research extracts singled people out. An extract was worked out afresh at
every read under one identifier per person for the life of the project, so two reads that suppressed different cells
(after people joined, withdrew or moved on) could be joined on the identifier to fill in what each had suppressed.

Now a project gives releases: each made by a POST, frozen, and under identifiers made for it alone. These tests prove
that two releases share no identifier (so cannot be joined on it), that a release reads the same however the records
change, that a withdrawn person leaves every later read and release, that no GET makes a release, and that nothing
the researcher is given links an identifier to a person."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from selfdirect.people import actions as people_actions
from selfdirect.people import queries as people_queries
from selfdirect.people.models import Person
from selfdirect.research import actions, queries
from selfdirect.research.models import ProjectMember, ReleasedRow, ResearchRelease

TODAY = timezone.localdate()


@pytest.fixture
def project(council):
    made = actions.create_project(actor=council.admin, name="Living with a direct payment", lead=council.researcher,
                                  approval_reference="26/SW/0077", starts_on=TODAY - datetime.timedelta(days=10),
                                  ends_on=TODAY + datetime.timedelta(days=300))
    return made


def _people(council, n, prefix="Zephyrine", **extra):
    return [council.person(consents=("research",), first_name=f"{prefix}{i}", last_name="Quillfeather", **extra)
            for i in range(n)]


def _fill(council, project, n=6, **extra):
    people = _people(council, n, **extra)
    actions.add_consenting_people(project, actor=council.admin)
    return people


def _main(page: str) -> str:
    """The page's main content (the layout's sign-out form carries a CSRF token that changes from one page to the
    next)."""
    return page[page.index("<main"):page.index("</main>")]


def _csv_rows(text: str) -> list[list[str]]:
    lines = text.splitlines()
    return [line.split(",") for line in lines[1:lines.index("")]]


def test_two_releases_of_a_project_share_no_identifier(council, project):
    _fill(council, project, 6)
    first = actions.make_release(project, actor=council.researcher, today=TODAY)
    _people(council, 1, prefix="Later", postcode="TR1 1AA")  # someone joins, with a rarer postcode
    actions.add_consenting_people(project, actor=council.admin)
    second = actions.make_release(project, actor=council.researcher, today=TODAY)
    assert (first.number, second.number) == (1, 2)
    ones, twos = [r[0] for r in first.rows], [r[0] for r in second.rows]
    assert len(ones) == 6 and len(twos) == 7
    assert not set(ones) & set(twos)  # nothing to join the two on
    assert ones == sorted(ones) and twos == sorted(twos)  # in the order of their identifiers, not of anyone's record
    # the link table gives each row of each release its own identifier; membership carries none
    assert set(ReleasedRow.objects.filter(release=first).values_list("identifier", flat=True)) == set(ones)
    assert ReleasedRow.objects.filter(release=second).count() == 7
    assert not any(f.name == "identifier" for f in ProjectMember._meta.get_fields())


def test_a_release_reads_the_same_twice_though_the_records_changed_in_between(council, signed_in, project):
    people = _fill(council, project, 6)
    release = actions.make_release(project, actor=council.researcher, today=TODAY)
    client = signed_in(council.researcher)
    page = _main(client.get(f"/research/releases/{release.pk}/").content.decode())
    text = client.get(f"/research/releases/{release.pk}.csv").content.decode()
    api = client.get(f"/api/v1/research/releases/{release.pk}/").json()

    # The records change: a move to a rare postcode, a new date of birth, and a new person in the project.
    Person.objects.filter(pk=people[0].pk).update(postcode="TR1 1AA", date_of_birth=datetime.date(1990, 1, 1))
    _people(council, 1, prefix="Latecomer")
    actions.add_consenting_people(project, actor=council.admin)
    assert queries.extract(project, today=TODAY).release.rows != [tuple(r[1:]) for r in release.rows]  # a re-run differs

    assert _main(client.get(f"/research/releases/{release.pk}/").content.decode()) == page
    assert "Identifier" in page and release.rows[0][0] in page
    assert client.get(f"/research/releases/{release.pk}.csv").content.decode() == text
    assert client.get(f"/api/v1/research/releases/{release.pk}/").json() == api
    assert api["rows"] == release.rows and len(_csv_rows(text)) == 6
    assert ResearchRelease.objects.count() == 1


def test_a_person_who_withdraws_leaves_later_reads_of_a_release_and_later_releases(council, signed_in, project):
    people = _fill(council, project, 7)
    release = actions.make_release(project, actor=council.researcher, today=TODAY)
    leaving = ReleasedRow.objects.get(release=release, person=people[2])
    client = signed_in(council.researcher)
    before = _csv_rows(client.get(f"/research/releases/{release.pk}.csv").content.decode())
    assert leaving.identifier in {row[0] for row in before}

    people_actions.withdraw_consent(people_queries.open_consent(people[2], "research"), actor=council.worker,
                                    withdrawn_on=timezone.localdate())
    text = client.get(f"/research/releases/{release.pk}.csv").content.decode()
    after = _csv_rows(text)
    assert after == [row for row in before if row[0] != leaving.identifier]
    assert "1 person withdrew their agreement to research after this release was made" in text
    page = client.get(f"/research/releases/{release.pk}/").content.decode()
    assert leaving.identifier not in page and "1 person withdrew their agreement" in page
    answer = client.get(f"/api/v1/research/releases/{release.pk}/").json()
    assert answer["withdrawn"] == 1 and leaving.identifier not in {row[0] for row in answer["rows"]}
    listed = client.get(f"/api/v1/research/projects/{project.pk}/releases/").json()
    assert listed[0]["rows"] == 6
    # nor is the person audited as released again
    assert people[2].pk not in queries.read_release(release).people

    second = actions.make_release(project, actor=council.researcher, today=TODAY)
    assert len(second.rows) == 6
    assert not ReleasedRow.objects.filter(release=second, person=people[2]).exists()


def test_no_get_makes_a_release(council, signed_in, project):
    _fill(council, project, 5)
    release = actions.make_release(project, actor=council.researcher, today=TODAY)
    rows = ReleasedRow.objects.count()
    for who in [council.researcher, council.admin]:
        client = signed_in(who)
        for url in [f"/research/{project.pk}/", f"/research/releases/{release.pk}/",
                    f"/research/releases/{release.pk}.csv", f"/api/v1/research/projects/{project.pk}/releases/",
                    f"/api/v1/research/releases/{release.pk}/", "/research/", "/"]:
            assert client.get(url).status_code == 200, url
        assert client.get(f"/research/{project.pk}/releases/new/").status_code == 405
        assert client.get(f"/api/v1/research/projects/{project.pk}/extract/").status_code == 405
    assert ResearchRelease.objects.count() == 1 and ReleasedRow.objects.count() == rows


def test_an_administrator_makes_a_release_too(council, signed_in, project):
    _fill(council, project, 5)
    response = signed_in(council.admin).post(f"/research/{project.pk}/releases/new/")
    release = ResearchRelease.objects.get()
    assert response["Location"] == f"/research/releases/{release.pk}/" and release.made_by == council.admin


def test_nothing_the_researcher_is_given_links_an_identifier_to_a_person(council, signed_in, project, tmp_path):
    people = _fill(council, project, 6)
    client = signed_in(council.researcher)
    client.post(f"/research/{project.pk}/releases/new/")
    release = ResearchRelease.objects.get()
    made = client.post(f"/api/v1/research/projects/{project.pk}/extract/").json()
    out = io.StringIO()
    call_command("research", "extract", str(project.pk), "--actor", "researcher", "--out", str(tmp_path / "x.csv"),
                 stdout=out)
    call_command("research", "releases", str(project.pk), "--actor", "researcher", stdout=out)
    given = "\n".join([
        client.get("/").content.decode(), client.get("/research/").content.decode(),
        client.get(f"/research/{project.pk}/").content.decode(),
        client.get(f"/research/releases/{release.pk}/").content.decode(),
        client.get(f"/research/releases/{release.pk}.csv").content.decode(),
        client.get("/api/v1/research/projects/").content.decode(),
        client.get(f"/api/v1/research/projects/{project.pk}/").content.decode(),
        client.get(f"/api/v1/research/projects/{project.pk}/releases/").content.decode(),
        client.get(f"/api/v1/research/releases/{release.pk}/").content.decode(), str(made),
        out.getvalue(), (tmp_path / "x.csv").read_text()])
    for person in people:
        for mark in [person.la_person_id, person.first_name, person.last_name, person.nhs_number, person.postcode,
                     "1950-03-04", "4 March 1950", "04/03/1950"]:
            assert mark not in given, mark
    for answer in [made, client.get(f"/api/v1/research/releases/{release.pk}/").json(),
                   *client.get(f"/api/v1/research/projects/{project.pk}/releases/").json()]:
        assert not {"person", "person_id", "people"} & set(answer)
    assert ResearchRelease.objects.count() == 3


def test_after_the_project_ends_its_lead_can_no_longer_read_its_releases(council, signed_in, project, api):
    _fill(council, project, 6)
    made = actions.make_release(project, actor=council.researcher, today=TODAY)
    client = signed_in(council.researcher)
    assert client.get(f"/research/releases/{made.pk}/").status_code == 200
    project.ends_on = TODAY - datetime.timedelta(days=1)
    project.save()
    for url in (f"/research/releases/{made.pk}/", f"/research/releases/{made.pk}.csv"):
        assert client.get(url).status_code == 403
    assert api(council.researcher).get(f"/api/v1/research/releases/{made.pk}/").status_code == 403
    page = client.get(f"/research/{project.pk}/").content.decode()
    assert "its releases can no longer be read" in page and f"/research/releases/{made.pk}/" not in page
    assert "Make a release" not in page
    # the administrator can still see what was released, to answer for it
    assert signed_in(council.admin).get(f"/research/releases/{made.pk}/").status_code == 200



def test_a_frozen_release_knows_when_every_value_was_suppressed():
    header = ["Identifier", "Age band", "Postcode district"]
    rows = [["a1", "Suppressed", "Suppressed"], ["b2", "Suppressed", "Suppressed"]]
    assert ResearchRelease(header=header, rows=rows, suppressed_cells=4).tells_nothing
    assert not ResearchRelease(header=header, rows=rows, suppressed_cells=3).tells_nothing


def test_a_release_file_loads_in_statistics_software_as_rows_alone(council, signed_in, project):
    import pandas

    _fill(council, project, 6)
    made = actions.make_release(project, actor=council.researcher, today=TODAY)
    text = signed_in(council.researcher).get(f"/research/releases/{made.pk}.csv").content.decode()
    frame = pandas.read_csv(io.StringIO(text), comment="#", dtype=str)
    assert list(frame.columns) == made.header and len(frame) == len(made.rows)
    assert "Every combination" in text  # what was done to it still travels with the file
