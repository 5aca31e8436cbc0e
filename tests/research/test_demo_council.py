"""Issue 15, finding 1, tested on the demo council: everything the demo researcher is given (their home page, the
project's page, the release the demo made for them, its CSV file and the API) names no one. No released row can be
joined to a person by their council reference, date of birth or full postcode, nor by the old pseudonym (an HMAC of
the reference under SECRET_KEY, which was reversed for all 66 people); the identifiers are random and new to the
release; every combination of quasi-identifiers holds at least 5 people; and a person who withdraws their agreement is
out of every later read of the release, and of the next release."""

import csv
import hashlib
import hmac
import io
from collections import Counter

import pytest
from django.conf import settings
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.people import actions as people_actions
from selfdirect.people import queries as people_queries
from selfdirect.people.models import Person
from selfdirect.research.models import ReleasedRow, ResearchProject, ResearchRelease
from selfdirect.site import demo

QUASI = ["Age band", "Postcode", "Month referred", "Client group", "Sex", "Step"]


def _released_rows(text: str) -> list[dict]:
    lines = csv.reader(io.StringIO(text))
    header = next(lines)
    rows = []
    for row in lines:
        if not row:  # the report follows the rows, after an empty line
            break
        rows.append(dict(zip(header, row, strict=True)))
    return rows


def _old_pseudonym(reference: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), reference.encode(), hashlib.sha256).hexdigest()[:12]


def _marks(person) -> list[str]:
    """What would join a row to a person: their reference, date of birth (as the pages and files write it) and full
    postcode (with and without its space), and the pseudonym the researcher used to be shown."""
    born = person.date_of_birth
    return [person.la_person_id, born.isoformat(), f"{born.day} {born:%B %Y}", f"{born:%d/%m/%Y}", person.postcode,
            person.postcode.replace(" ", ""), _old_pseudonym(person.la_person_id), person.nhs_number]


@pytest.mark.django_db(transaction=False)
def test_on_the_demo_council_no_released_row_can_be_joined_to_a_person(code_lists, signed_in):
    demo.build(people=200, seed=1, today=timezone.localdate())
    researcher = User.objects.get(username="researcher")
    consenting = list(people_queries.consenting_people("research"))
    assert len(consenting) >= 40  # the demo has about 66 of 200

    client = signed_in(researcher)
    home = client.get("/").content.decode()
    project = ResearchProject.objects.get(lead=researcher)
    assert f"/research/{project.pk}/" in home  # the home page lists the project, not people
    release = ResearchRelease.objects.get(project=project)  # the demo made one for the researcher to read
    project_page = client.get(f"/research/{project.pk}/").content.decode()
    assert f"/research/releases/{release.pk}/" in project_page
    page = client.get(f"/research/releases/{release.pk}/").content.decode()
    download = client.get(f"/research/releases/{release.pk}.csv")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    text = download.content.decode()
    answer = client.get(f"/api/v1/research/releases/{release.pk}/")  # the API, in the signed-in session
    assert answer.status_code == 200
    given = "\n".join([home, project_page, page, text, answer.content.decode(),
                       client.get("/api/v1/research/projects/").content.decode(),
                       client.get(f"/api/v1/research/projects/{project.pk}/releases/").content.decode()])

    for person in Person.objects.all():
        for mark in _marks(person):
            assert mark and mark not in given, f"{mark!r} of {person.la_person_id} is in what the researcher sees"

    rows = _released_rows(text)
    # Everyone whose consent counted on the day of the release (a consent is dated: people referred since gave theirs
    # later, and join the next release)
    assert len(rows) == people_queries.consenting_people("research", on=release.made_on).count() > 0
    combinations = Counter(tuple(row[q] for q in QUASI) for row in rows)
    assert min(combinations.values()) >= settings.RESEARCH_MIN_CELL == 5
    assert answer.json()["rows"] == [list(row.values()) for row in rows]  # the API releases the same rows
    assert "Every combination of" in text and "Every combination of" in page  # what was done is reported

    identifiers = [row["Identifier"] for row in rows]
    assert len(set(identifiers)) == len(identifiers) and identifiers == sorted(identifiers)  # no order to join on
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in identifiers)
    assert not {_old_pseudonym(p.la_person_id)[:16] for p in consenting} & set(identifiers)
    assert set(ReleasedRow.objects.filter(release=release).values_list("identifier", flat=True)) == set(identifiers)

    # Withdrawn agreement: out of every later read of the release, and of the next release
    leaving = ReleasedRow.objects.filter(release=release).first()
    people_actions.withdraw_consent(people_queries.open_consent(leaving.person, "research"),
                                    actor=User.objects.get(username="worker"), withdrawn_on=timezone.localdate())
    again = _released_rows(client.get(f"/research/releases/{release.pk}.csv").content.decode())
    assert len(again) == len(rows) - 1 and leaving.identifier not in {row["Identifier"] for row in again}
    assert again == [row for row in rows if row["Identifier"] != leaving.identifier]  # the rest as they were
    assert client.post(f"/research/{project.pk}/releases/new/").status_code == 302
    second = ResearchRelease.objects.get(project=project, number=2)
    assert len(second.rows) == len(rows) - 1
    assert not ReleasedRow.objects.filter(release=second, person_id=leaving.person_id).exists()
    assert not {row[0] for row in second.rows} & set(identifiers)  # the second release cannot be joined to the first
