"""Subject access through the pages and the API: only the person's team and administrators reach a request (others
refused, writing nothing but the audit trail), every read audited against the person, bad input refused naming the
field, and the whole way from logging to the archive through the API."""

import datetime
import io
import re
import zipfile

import pytest

from selfdirect.audit.models import AuditEvent
from selfdirect.subject_access import actions, queries
from tests import writes

from .test_requests import REASON, field_holding, item_of, log

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def sar(council, elsie):
    from selfdirect.people.models import Person

    Person.objects.filter(pk=elsie.pk).update(user=council.holder)  # her own sign-in
    made = log(council, elsie)
    actions.gather(made, actor=council.worker)
    return made


# Who may open a request of a North person: the North team and administrators. `None`: refused (403 or 404).
REACH = {"worker": True, "manager": True, "admin": True, "south_worker": None, "south_manager": None,
         "finance": None, "commissioner": None, "researcher": None, "holder": None, "family": None, "adviser": None,
         "provider": None, "other_provider": None}


@pytest.mark.parametrize("who", REACH)
def test_only_the_persons_team_and_administrators_reach_a_request(client, council, elsie, sar, who):
    user = getattr(council, who)
    client.force_login(user)
    item = item_of(sar, "reviews")
    base = f"/people/{elsie.pk}/subject-access/{sar.pk}/"
    pages = [base, f"/people/{elsie.pk}/subject-access/", f"/people/{elsie.pk}/subject-access/new/",
             f"{base}items/{item.pk}/", f"{base}extend/", f"/api/v1/people/{elsie.pk}/subject-access/{sar.pk}/",
             f"/api/v1/people/{elsie.pk}/subject-access/"]
    posts = [f"{base}gather/", f"{base}finish/", f"{base}items/{item.pk}/withhold/",
             f"/api/v1/people/{elsie.pk}/subject-access/{sar.pk}/finish/"]
    allowed = {"audit_auditevent": "", "django_session": ""}
    before = writes.digest(allowed)
    for path in pages:
        status = client.get(path).status_code
        assert (status == 200) if REACH[who] else (status in {403, 404}), (path, status)
    if REACH[who]:
        return
    for path in posts:
        assert client.post(path, {"withhold-exemption": "crime", "withhold-reason": "x"}).status_code in {403, 404}
    assert writes.changed(before, writes.digest(allowed)) == []
    assert client.get("/subject-access/").status_code == 403 if who not in {"south_worker", "south_manager"} else True
    refused = AuditEvent.objects.filter(actor=user, action="refused")
    assert refused.exists()  # every refusal is in the trail


def test_another_teams_list_does_not_show_the_request(council, elsie, sar, signed_in):
    assert elsie.full_name in signed_in(council.worker).get("/subject-access/").content.decode()
    assert elsie.full_name not in signed_in(council.south_worker).get("/subject-access/").content.decode()


def test_every_read_is_audited_against_the_person(council, elsie, sar, signed_in):
    client = signed_in(council.manager)
    item = item_of(sar, "reviews")
    client.get(f"/people/{elsie.pk}/subject-access/{sar.pk}/")
    client.get(f"/people/{elsie.pk}/subject-access/{sar.pk}/items/{item.pk}/")
    client.get("/subject-access/")
    whats = list(AuditEvent.objects.filter(actor=council.manager, person=elsie, action="read").values_list("what",
                                                                                                            flat=True))
    assert f"Opened subject access request {sar.pk}" in whats
    assert "Listed on the subject access requests page" in whats


def test_a_worker_redacts_through_the_item_page(council, elsie, sar, signed_in):
    client = signed_in(council.worker)
    review = item_of(sar, "reviews")
    url = f"/people/{elsie.pk}/subject-access/{sar.pk}/items/{review.pk}/"
    page = client.get(url).content.decode()
    assert "As the release shows it" in page and "back pain" in page
    bad = client.post(url + "redact/", {"redact-field_index": field_holding(review, "back pain"),
                                        "redact-words": "not there", "redact-exemption": "third_party",
                                        "redact-reason": REASON})
    assert bad.status_code == 400 and "These words are not in that part of the item" in bad.content.decode()
    missing = client.post(url + "redact/", {"redact-field_index": 0, "redact-exemption": "third_party"})
    assert missing.status_code == 400 and "Enter reason, as the person will read it" in missing.content.decode()
    done = client.post(url + "redact/", {"redact-field_index": field_holding(review, "back pain"),
                                         "redact-words": "back pain", "redact-exemption": "third_party",
                                         "redact-reason": REASON})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "[redacted: third party: carer&#39;s own health]" in page or "[redacted: third party: carer&#x27;s own" in page


def test_logging_on_the_page_names_the_field_in_error(council, elsie, signed_in):
    client = signed_in(council.worker)
    url = f"/people/{elsie.pk}/subject-access/new/"
    response = client.post(url, {"received_on_0": "1", "received_on_1": "1", "received_on_2": "2099",
                                 "received_how": "email", "requester": "representative", "identity_checked": "ID seen",
                                 "asked_for": "Everything"})
    body = response.content.decode()
    assert response.status_code == 400 and "Date received must be today or in the past" in body
    response = client.post(url, {"received_on_0": "2", "received_on_1": "3", "received_on_2": "2026",
                                 "received_how": "email", "requester": "representative", "identity_checked": "ID seen",
                                 "asked_for": "Everything"})
    body = response.content.decode()
    assert response.status_code == 400 and "Enter the name of the person who asked" in body
    assert 'href="#id_requester_name"' in body  # the error summary links to the field
    response = client.post(url, {"received_on_0": "2", "received_on_1": "3", "received_on_2": "2026",
                                 "received_how": "email", "requester": "person", "identity_checked": "Known to me",
                                 "asked_for": "Everything"})
    assert response.status_code == 302
    assert "Request logged: it must be answered by 2 April 2026" in client.get(response["Location"]).content.decode()


def test_a_reviewer_is_not_offered_approval_and_is_refused_it(council, elsie, sar, signed_in):
    review = item_of(sar, "reviews")
    actions.redact(review, actor=council.manager, field_index=field_holding(review, "back pain"), words="back pain",
                   exemption="third_party", reason=REASON)
    actions.finish_review(sar, actor=council.worker)
    client = signed_in(council.manager)
    page = client.get(f"/people/{elsie.pk}/subject-access/{sar.pk}/").content.decode()
    assert "Approve the release" not in page and "another manager must approve it" in page
    client.post(f"/people/{elsie.pk}/subject-access/{sar.pk}/approve/")
    sar.refresh_from_db()
    assert sar.state == "in_review"
    assert signed_in(council.worker).post(f"/people/{elsie.pk}/subject-access/{sar.pk}/approve/").status_code == 403
    api_answer = _api(council.manager).post(f"/api/v1/people/{elsie.pk}/subject-access/{sar.pk}/approve/")
    assert api_answer.status_code == 409 and "someone else must approve" in api_answer.json()["detail"]


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_whole_way_through_the_api(council, elsie, api):
    worker, manager = api(council.worker), api(council.manager)
    base = f"/api/v1/people/{elsie.pk}/subject-access/"
    missing = worker.post(base, {"received_on": "2026-03-02", "received_how": "letter", "requester": "person",
                                 "asked_for": "Everything"}, format="json")
    assert missing.status_code == 400 and "identity_checked" in missing.json()["errors"]
    nameless = worker.post(base, {"received_on": "2026-03-02", "received_how": "letter", "requester": "representative",
                                  "identity_checked": "ID", "authority_checked": "LPA seen", "asked_for": "All"},
                           format="json")
    assert nameless.status_code == 400 and list(nameless.json()["errors"]) == ["requester_name"]
    stranger = worker.post(base, {"received_on": "2026-03-02", "received_how": "letter", "requester": "representative",
                                  "representative": 999999, "identity_checked": "ID", "authority_checked": "LPA",
                                  "asked_for": "All"}, format="json")
    assert stranger.status_code == 400 and "representative" in stranger.json()["errors"]
    made = worker.post(base, {"received_on": "2026-03-02", "received_how": "letter", "requester": "person",
                              "identity_checked": "Known to the worker", "asked_for": "Everything"}, format="json")
    assert made.status_code == 201 and made.json()["due_on"] == "2026-04-02", made.json()
    one = f"{base}{made.json()['id']}/"
    assert worker.post(one + "gather/").json()["items"] >= 15
    items = worker.get(one).json()["items"]
    review = next(i for i in items if i["kind"] == "reviews")
    index = next(n for n, f in enumerate(review["released"]) if "back pain" in f["text"])
    wrong = worker.post(f"{one}items/{review['id']}/redactions/", {"field_index": index, "words": "no such words",
                                                                  "exemption": "third_party", "reason": REASON},
                        format="json")
    assert wrong.status_code == 400 and list(wrong.json()["errors"]) == ["words"]
    bad_exemption = worker.post(f"{one}items/{review['id']}/redactions/", {"field_index": index, "words": "back pain",
                                                                          "exemption": "nope", "reason": REASON},
                                format="json")
    assert bad_exemption.status_code == 400 and "exemption" in bad_exemption.json()["errors"]
    redacted = worker.post(f"{one}items/{review['id']}/redactions/", {"field_index": index, "words": "back pain",
                                                                     "exemption": "third_party", "reason": REASON},
                           format="json")
    assert redacted.status_code == 201
    carer = next(i for i in items if i["kind"] == "carers")
    assert worker.post(f"{one}items/{carer['id']}/withhold/", {"exemption": "third_party", "reason": "carer"},
                       format="json").status_code == 201
    late = worker.post(one + "extend/", {"reason": "Complex", "told_on": "2026-04-20"}, format="json")
    assert late.status_code == 400 and list(late.json()["errors"]) == ["told_on"]
    assert worker.post(one + "finish/").status_code == 200
    assert worker.post(one + "approve/").status_code == 403  # a worker does not approve
    assert manager.post(one + "approve/").json()["state"] == "approved"
    no_how = worker.post(one + "release/", {"how": "pigeon"}, format="json")
    assert no_how.status_code == 400 and "how" in no_how.json()["errors"]
    done = worker.post(one + "release/", {"how": "email"}, format="json").json()
    assert done["state"] == "released" and len(done["archive_sha256"]) == 64
    archive = worker.get(one + "archive/")
    zipped = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content)))
    assert "index.csv" in zipped.namelist()
    listed = worker.get("/api/v1/subject-access/").json()
    assert all(row["id"] != done["id"] for row in listed)  # released: no longer open


def test_the_api_documents_the_endpoints(council, signed_in):
    schema = signed_in(council.worker).get("/api/v1/schema/").content.decode()
    for path in ["/api/v1/people/{id}/subject-access/", "/api/v1/people/{id}/subject-access/{sar_pk}/archive/",
                 "/api/v1/people/{id}/subject-access/{sar_pk}/items/{sar_item_pk}/redactions/"]:
        assert path in schema, path


def test_a_request_of_another_person_is_not_found(council, elsie, sar, signed_in):
    other = council.person(first_name="Olive")
    client = signed_in(council.worker)
    assert client.get(f"/people/{other.pk}/subject-access/{sar.pk}/").status_code == 404
    item = item_of(sar, "person")
    other_sar = log(council, other)
    assert client.get(f"/people/{other.pk}/subject-access/{other_sar.pk}/items/{item.pk}/").status_code == 404
    assert queries.request_of(other, sar.pk) is None


def test_extending_and_refusing_through_the_pages(council, elsie):
    from django.test import Client

    sar = log(council, elsie, received_on=datetime.date.today(), today=datetime.date.today())
    base = f"/people/{elsie.pk}/subject-access/{sar.pk}/"
    worker, manager = Client(), Client()
    worker.force_login(council.worker)
    manager.force_login(council.manager)
    assert "Extend the deadline by two months" in worker.get(base).content.decode()
    assert "Refuse the request" not in worker.get(base).content.decode()  # a manager's decision
    assert worker.get(base + "refuse/").status_code == 403
    missing = worker.post(base + "extend/", {"told_on_0": "", "told_on_1": "", "told_on_2": ""})
    assert missing.status_code == 400 and "Enter an answer to ‘Why is the extension necessary?’" in \
        missing.content.decode()
    today = datetime.date.today()
    done = worker.post(base + "extend/", {"reason": "Forty years of records", "told_on_0": today.day,
                                          "told_on_1": today.month, "told_on_2": today.year})
    assert done.status_code == 302
    assert "(extended)" in worker.get(base).content.decode()
    refused = manager.post(base + "refuse/", {"grounds": "unfounded", "reason": "Sent to harass the worker",
                                              "told_on_0": today.day, "told_on_1": today.month,
                                              "told_on_2": today.year})
    assert refused.status_code == 302
    page = manager.get(base).content.decode()
    assert "Manifestly unfounded (UK GDPR article 12(5))" in page and "Sent to harass the worker" in page


# ---- a request made by a representative: what their authority does not cover is flagged, not dropped -----------------

MONEY_KINDS = {"choices", "financial-assessments", "financial-assessment-requests", "accounts", "payments", "spending",
               "statements", "recoveries"}


def test_items_outside_a_representatives_authority_are_flagged_for_the_worker_to_decide(council, elsie, signed_in,
                                                                                         api):
    frank = elsie.representatives.get(name="Frank Evans")  # he may act for her in personal welfare only
    sar = log(council, elsie, requester="representative", representative=frank, authority_checked="Her signed consent")
    actions.gather(sar, actor=council.worker)
    views = queries.item_views(sar)
    outside = {view.item.kind for view in views if view.outside_authority}
    assert MONEY_KINDS <= outside and "audit" in outside  # the trail tells of every part of the record
    assert not outside & {"person", "plans", "reviews", "assessments", "cases"}
    assert len(views) == len(queries.items_of(sar))  # nothing is dropped

    page = signed_in(council.worker).get(f"/people/{elsie.pk}/subject-access/{sar.pk}/").content.decode()
    assert "Frank Evans asked as consent of the person, who has capacity, which covers: personal welfare" in page
    flagged = sum(1 for view in views if view.outside_authority)
    assert f"{flagged} items gathered are outside their authority, marked below ({flagged} of them not withheld)" in page
    assert len(re.findall(r"govuk-tag--orange\">\s*Outside their authority", page)) == flagged
    spending = item_of(sar, "spending")
    item_page = signed_in(council.worker).get(f"/people/{elsie.pk}/subject-access/{sar.pk}/items/{spending.pk}/")
    assert "Outside the authority of Frank Evans" in item_page.content.decode()
    assert 'value="outside_authority"' in item_page.content.decode()

    got = api(council.worker).get(f"/api/v1/people/{elsie.pk}/subject-access/{sar.pk}/").json()
    assert got["authority"]["covers"] == ["Personal welfare: the care record, the support plan and reviews"]
    assert {i["kind"] for i in got["items"] if i["outside_authority"]} == outside

    # the worker decides: withheld under the requester's authority, it is listed in the index with the reason
    actions.withhold(spending, actor=council.worker, exemption="outside_authority",
                     reason="his authority covers her welfare, not her money")
    actions.finish_review(sar, actor=council.worker)
    actions.approve(sar, actor=council.manager)
    actions.release(sar, actor=council.worker, how="post", today=D(2026, 3, 20))
    out = io.BytesIO()
    queries.archive(sar, out, released_on=D(2026, 3, 20))
    index = zipfile.ZipFile(out).read("index.html").decode()
    assert "Withheld under the limits of the requester&#x27;s authority to act for the person" in index
    assert f"files/{spending.position:03d}-" not in index  # the receipt goes with the item withheld


def test_outside_authority_is_not_offered_when_the_person_asked_themselves(council, elsie, sar, signed_in):
    assert queries.authority_of(sar) is None and not any(v.outside_authority for v in queries.item_views(sar))
    with pytest.raises(actions.SubjectAccessError, match="nothing is outside their authority"):
        actions.withhold(item_of(sar, "spending"), actor=council.worker, exemption="outside_authority", reason="x")
    spending = item_of(sar, "spending")
    page = signed_in(council.worker).get(f"/people/{elsie.pk}/subject-access/{sar.pk}/items/{spending.pk}/")
    assert 'value="outside_authority"' not in page.content.decode()


def test_a_representative_not_recorded_is_checked_by_hand(council, elsie, signed_in):
    sar = log(council, elsie, requester="representative", requester_name="A Solicitor",
              authority_checked="Letter of authority signed by her")
    actions.gather(sar, actor=council.worker)
    page = signed_in(council.worker).get(f"/people/{elsie.pk}/subject-access/{sar.pk}/").content.decode()
    assert "A Solicitor is not recorded as acting for Elsie Evans" in page and "Letter of authority signed" in page


# ---- the worker's pages: third-person headings, the download's end, the navigation --------------------------------------

def test_the_workers_pages_speak_of_the_person_and_the_archive_to_them(council, elsie, sar, signed_in):
    client = signed_in(council.worker)
    page = client.get(f"/people/{elsie.pk}/subject-access/{sar.pk}/").content.decode()
    for heading in ["The person&#39;s record", "People who may act for them", "The person&#39;s consents",
                    "Who has seen or changed the record"]:
        assert heading in page, heading
    for heading in ["Your record", "People who may act for you", "Your consents", "your record"]:
        assert heading not in page, heading
    person = item_of(sar, "person")
    item_page = client.get(f"/people/{elsie.pk}/subject-access/{sar.pk}/items/{person.pk}/").content.decode()
    assert "The person&#39;s record, item 1" in item_page and "Your record" not in item_page
    index = queries.archives.index_html(queries.release_of(sar, released_on=D(2026, 3, 20)))
    assert "<td role=\"cell\" data-label=\"Kind\">Your record</td>" in index  # the archive speaks to the person


def test_the_released_request_says_until_when_the_team_can_download_it(council, elsie, signed_in):
    import time_machine
    from django.utils import timezone

    from .test_requests import released

    today = timezone.localdate()
    sar = released(council, elsie, today=today)
    url = f"/people/{elsie.pk}/subject-access/{sar.pk}/"
    ends = today + datetime.timedelta(days=queries.DOWNLOAD_DAYS)
    page = signed_in(council.worker).get(url).content.decode()
    assert f"You can download it until {ends.day} {ends:%B %Y}; after that, only an administrator can." in page
    with time_machine.travel(ends + datetime.timedelta(days=1)):
        page = signed_in(council.worker).get(url).content.decode()
        assert f"The team could download it until {ends.day} {ends:%B %Y}. Only an administrator can download it" in page
        assert "Download the archive" not in page
        assert "Download the archive" in signed_in(council.admin).get(url).content.decode()


@pytest.mark.parametrize("who", ["worker", "manager", "admin", "finance", "commissioner", "holder", "family", "provider",
                                 "researcher", "adviser"])
def test_the_navigation_offers_subject_access_to_those_who_handle_it(council, signed_in, who):
    from selfdirect.core import permissions

    user = getattr(council, who)
    home = signed_in(user).get("/", follow=True).content.decode()
    assert ('href="/subject-access/"' in home) == permissions.may_handle_subject_access(user), who
