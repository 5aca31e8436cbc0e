"""The outcomes dashboard (issue 21, "Reporting") as a page, CSV, Excel, export job and API: the figures from the
evaluations recorded at reviews, with each case's delivery option at the review and the person's groups, and small
numbers hidden for commissioners and in shared files."""

import datetime
import html
import io
import math

import pytest
from openpyxl import load_workbook

from selfdirect.audit.models import AuditEvent
from selfdirect.outcomes.models import Evaluation, OutcomeRating, Review
from selfdirect.planning import queries as planning
from tests.jobs import through_the_worker

PERIOD = {"start": "2026-04-01", "end": "2026-11-30"}
HELD = datetime.date(2026, 8, 1)


def _review(council, person, *, held_on=HELD, answers, by="person_alone", scale="change", rating="achieved"):
    case = council.case(person)
    plan = planning.approved_plan_for(case)
    review = Review.objects.create(case=case, plan=plan, held_on=held_on, summary="Going well", decision="continue",
                                   reviewed_by=council.worker)
    for outcome in plan.outcomes.all():
        OutcomeRating.objects.create(review=review, outcome=outcome, rating=rating)
    return Evaluation.objects.create(review=review, case=case, respondent="person", answered_by=by,
                                     questionnaire="person-v1" if scale == "change" else "person-satisfaction-v1",
                                     scale=scale, answers=answers, held_on=held_on, recorded_by=council.worker)


@pytest.fixture
def reviewed(council):
    """Six people reviewed on 1 August 2026: five with a direct payment (four better in health, one worse; four
    answered alone, one through a relative) and one with council-managed support, answered by a relative (the same in
    health). Two of them also answered in March 2026, the year before (April to March)."""
    people = [council.live_person(first_name=f"Person{i}") for i in range(5)]
    people.append(council.live_person(option="council_managed", first_name="Managed"))
    for i, person in enumerate(people[:5]):
        _review(council, person, answers={"health": "better" if i < 4 else "worse", "money": "better"},
                by="relative" if i == 4 else "person_alone", rating="achieved" if i < 3 else "partly")
    _review(council, people[5], answers={"health": "same", "money": "not_applicable"}, by="relative",
            rating="not_achieved")
    for person in people[:2]:
        _review(council, person, held_on=datetime.date(2026, 3, 1), answers={"health": "worse", "money": "same"})
    return people


def wilson(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z / (1 + z ** 2 / n) * math.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2))
    return centre - half, centre + half


def test_a_manager_sees_the_outcomes_by_domain_option_and_who_answered(reviewed, council, signed_in):
    body = html.unescape(signed_in(council.manager).get("/insight/outcomes/", PERIOD).content.decode())
    assert "<h1 class=\"govuk-heading-l\">Outcomes</h1>" in body
    # The default view says how many answers came from someone other than the person.
    assert ("6 people's answers to their own questionnaire count here; fewer than 5 of them were given by someone other "
            "than the person: fewer than 5 by a relative without the person.") in body
    for caption in ("Good answers by domain of life", "Share of good answers by delivery option",
                    "Share of good answers by client group", "Share of good answers by age band",
                    "Share of good answers by ethnicity", "Share of good answers by who answered",
                    "The same people over time: share of good answers each year",
                    "Review Outcomes Achieved by delivery option"):
        assert caption in body, caption
    low, high = wilson(4, 6)  # health: better for 4 of 6 (each person's latest answers in the period)
    assert f"{low * 100:.1f}%" in body and f"{high * 100:.1f}%" in body and "66.7%" in body
    assert "what they expect of it can rise" in body  # the note on reading a fall in satisfaction
    assert 'class="sd-chart"' in body and 'id="respondent"' in body and 'id="scale"' in body
    assert 'name="voice" value=""' in body  # the export form carries the outcomes filters


def test_a_commissioner_sees_small_numbers_hidden_and_a_worker_not_at_all(reviewed, council, signed_in):
    body = signed_in(council.commissioner).get("/insight/outcomes/", PERIOD).content.decode()
    assert "Council-managed" in body and "&lt;5" in body and "[c]" in body
    assert signed_in(council.worker).get("/insight/outcomes/", PERIOD).status_code == 403


def test_the_csv_and_excel_downloads_and_their_shared_versions(reviewed, council, signed_in):
    client = signed_in(council.manager)
    text = client.get("/insight/outcomes/", {**PERIOD, "format": "csv", "table": "good-answers-by-domain"}).content.decode()
    low, high = wilson(4, 6)
    assert text.splitlines()[0] == ("Domain,People answering,Good answers,Share good,95% interval: from,"
                                    "95% interval: to,Does not apply")
    assert text.splitlines()[1] == f"Health,6,4,66.7%,{low * 100:.1f}%,{high * 100:.1f}%,0"
    assert text.splitlines()[2] == "Money,5,5,100.0%," + f"{wilson(5, 5)[0] * 100:.1f}%,100.0%,1"
    by_option = client.get("/insight/outcomes/", {**PERIOD, "format": "csv", "table": "by-delivery-option",
                                                  "shared": "1"}).content.decode().splitlines()
    assert by_option[1] == "Council-managed,<5,[c],–" and by_option[2].startswith("Direct payment,5,80.0% (")  # money: does not apply to them
    roa = client.get("/insight/outcomes/", {**PERIOD, "format": "csv", "table": "review-outcomes-by-option"}
                     ).content.decode().splitlines()
    assert roa[1].startswith("Council-managed,1,0,0.0%,0,0.0%,1,100.0%,")
    assert roa[2].startswith("Direct payment,5,3,60.0%,2,40.0%,0,0.0%,")
    over_time = client.get("/insight/outcomes/", {**PERIOD, "format": "csv", "table": "good-answers-over-time"}
                           ).content.decode().splitlines()
    assert [line.split(",")[:2] for line in over_time[1:]] == [["2025-26", "2"], ["2026-27", "2"]]
    book = load_workbook(io.BytesIO(client.get("/insight/outcomes/", {**PERIOD, "format": "xlsx", "shared": "1"}).content))
    assert book.sheetnames == ["Contents", "By domain", "By delivery option", "By client group", "By age band",
                               "By ethnicity", "By who answered", "Over time", "Review outcomes by option"]
    assert [c.value for c in book["By delivery option"][2]][:2] == ["Council-managed", "<5"]
    contents = " ".join(str(c.value) for row in book["Contents"].iter_rows() for c in row if c.value)
    assert "someone other than the person" in contents and "<5 means between 1 and 4 people" in contents
    assert AuditEvent.objects.filter(actor=council.manager, action="export", what__startswith="Downloaded Outcomes").exists()


def test_the_scales_are_never_mixed_and_whose_voice_narrows_the_figures(reviewed, council, signed_in):
    client = signed_in(council.manager)
    _review(council, reviewed[0], held_on=HELD + datetime.timedelta(days=1), scale="satisfaction",
            answers={"health": "very_satisfied"})
    change = client.get("/insight/outcomes/", {**PERIOD, "format": "csv", "table": "good-answers-by-domain"}).content.decode()
    assert change.splitlines()[1].startswith("Health,6,4,")  # the satisfaction answers are not among them
    satisfaction = html.unescape(client.get("/insight/outcomes/", {**PERIOD, "scale": "satisfaction"}).content.decode())
    assert ("6 people answered on the better, the same or worse scale in the period. The two scales are never counted "
            "together") in satisfaction
    text = client.get("/insight/outcomes/", {**PERIOD, "scale": "satisfaction", "format": "csv",
                                             "table": "good-answers-by-domain"}).content.decode()
    assert text.splitlines()[1:] == [f"Health,1,1,100.0%,{wilson(1, 1)[0] * 100:.1f}%,100.0%,0"]
    own = client.get("/insight/outcomes/", {**PERIOD, "voice": "own", "format": "csv",
                                            "table": "good-answers-by-domain"}).content.decode()
    assert own.splitlines()[1].startswith("Health,4,4,100.0%")
    assert client.get("/insight/outcomes/", {**PERIOD, "respondent": "nobody"}).status_code == 400


def test_the_export_job_and_the_api_take_the_outcomes_filters(reviewed, council, signed_in, settings, tmp_path,
                                                               django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    from selfdirect.core.models import Job

    settings.MEDIA_ROOT = tmp_path
    client = signed_in(council.manager)
    through_the_worker(client, django_capture_on_commit_callbacks, "/insight/export/", {
        "dashboard": "outcomes", "shared": "0", "team": "", "group": "", "respondent": "person", "scale": "change",
        "voice": "others", **PERIOD})
    job = Job.objects.get()
    assert job.params["filters"]["voice"] == "others"
    book = load_workbook(io.BytesIO(b"".join(client.get(f"/insight/exports/{job.pk}/").streaming_content)))
    assert [c.value for c in book["By domain"][2]][:3] == ["Health", 2, 0]  # the relatives' answers only: worse, the same
    api = APIClient()
    api.force_authenticate(council.commissioner)
    body = api.get("/api/v1/insight/outcomes/", PERIOD).json()
    assert body["title"] == "Outcomes" and body["tables"][0]["rows"][0][:3] == ["Health", "6", "<5"]  # shared: 4 good answers hidden
    assert body["tables"][1]["rows"][0][:2] == ["Council-managed", "<5"]


def test_the_dashboard_is_listed_with_the_others(council, signed_in):
    assert 'href="/insight/outcomes/"' in signed_in(council.admin).get("/dashboards/").content.decode()
    assert 'href="/insight/outcomes/"' in signed_in(council.manager).get("/").content.decode()
    assert signed_in(council.manager).get("/insight/outcomes/").status_code == 200  # no answers yet: no error
