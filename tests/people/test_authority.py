"""Issue 16, "Authority and consent, one model": authority to act is a record of its kind (people/authority.py), with
its scope, the evidence seen, start, review and end, and who recorded it; what its holder sees follows its scope, and
ends the day it ends."""

import datetime
import importlib

import pytest
from django.utils import timezone

from selfdirect.people import access, actions, authority
from selfdirect.people.models import Representative

TODAY = timezone.localdate()
STARTED = datetime.date(2026, 1, 1)
EVIDENCE = {"evidence_reference": "OPG 7000-1234-5678", "evidence_seen_on": datetime.date(2026, 1, 2)}


def _record(council, person, kind, *, user=None, scope="", **extra):
    fields = {"name": "Ruth Marsh", "relationship": "Son or daughter", "kind": kind, "scope": scope,
              "user": user, "starts_on": STARTED, **extra}
    return actions.add_representative(person, actor=council.worker, **fields)


# ---- each kind's evidence rule ------------------------------------------------------------------------------------

DOCUMENTED = [code for code, kind in authority.KINDS.items() if kind.offered and kind.needs_evidence]
UNDOCUMENTED = [code for code, kind in authority.KINDS.items() if kind.offered and not kind.needs_evidence]


def _scope_for(kind):
    return "" if authority.KINDS[kind].fixed_scope else authority.KINDS[kind].scopes[0]


def test_the_kinds_that_have_a_document_are_the_powers_of_attorney_a_deputy_and_an_appointee():
    assert set(DOCUMENTED) == {authority.LPA_HEALTH_WELFARE, authority.LPA_PROPERTY_FINANCE, authority.EPA,
                               authority.DEPUTY, authority.APPOINTEE}
    assert all(authority.KINDS[kind].source for kind in authority.KINDS)  # every kind names its legal source


@pytest.mark.parametrize("kind", DOCUMENTED)
def test_a_kind_with_a_document_needs_its_reference_and_the_day_it_was_seen(council, kind):
    person = council.person()
    with pytest.raises(actions.PersonError) as missing:
        _record(council, person, kind, scope=_scope_for(kind))
    assert missing.value.field == "evidence_reference" and "reference on the evidence" in str(missing.value)
    with pytest.raises(actions.PersonError) as undated:
        _record(council, person, kind, scope=_scope_for(kind), evidence_reference="ref 1")
    assert undated.value.field == "evidence_seen_on" and str(undated.value) == "Enter the date you saw the evidence"
    made = _record(council, person, kind, scope=_scope_for(kind), **EVIDENCE)
    assert (made.evidence_reference, made.evidence_seen_on) == ("OPG 7000-1234-5678", datetime.date(2026, 1, 2))
    assert made.recorded_by == council.worker and made.recorded_at is not None
    assert not Representative.objects.filter(person=person).exclude(pk=made.pk).exists()  # the refusals wrote nothing


@pytest.mark.parametrize("kind", UNDOCUMENTED)
def test_the_other_kinds_may_be_recorded_without_a_document(council, kind):
    made = _record(council, council.person(), kind, scope=_scope_for(kind))
    assert made.kind == kind and made.evidence_reference == ""


def test_a_deputy_needs_what_the_order_covers_and_a_fixed_scope_cannot_be_changed(council):
    person = council.person()
    with pytest.raises(actions.PersonError, match="Court of Protection's order covers") as deputy:
        _record(council, person, authority.DEPUTY, **EVIDENCE)
    assert deputy.value.field == "scope"
    with pytest.raises(actions.PersonError, match="covers property and financial affairs") as fixed:
        _record(council, person, authority.LPA_PROPERTY_FINANCE, scope=authority.WELFARE, **EVIDENCE)
    assert fixed.value.field == "scope"
    assert _record(council, person, authority.LPA_PROPERTY_FINANCE, **EVIDENCE).scope == authority.PROPERTY
    assert _record(council, person, authority.APPOINTEE, **EVIDENCE).scope == authority.BENEFITS
    with pytest.raises(actions.PersonError) as old:  # the kind only the migration makes is not recorded new
        _record(council, person, authority.LPA_TYPE_NOT_RECORDED, **EVIDENCE)
    assert old.value.field == "kind"


def test_the_page_names_the_evidence_field_when_an_lpa_has_none(council, signed_in):
    person = council.person()
    response = signed_in(council.worker).post(f"/people/{person.pk}/representatives/add/", {
        "name": "Ruth Marsh", "relationship": "Son or daughter", "kind": authority.LPA_HEALTH_WELFARE,
        "scope": "from_kind", "starts_on_0": "1", "starts_on_1": "1", "starts_on_2": "2026"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the reference on the evidence you saw for a lasting power of attorney for health and welfare" in body
    assert 'href="#id_evidence_reference"' in body  # the error summary links to the field
    assert not Representative.objects.filter(person=person).exists()


# ---- scope limits what the holder sees -------------------------------------------------------------------------------

@pytest.fixture
def attorney(council):
    """A live person, and the `family` sign-in holding only a lasting power of attorney for their property and
    financial affairs."""
    person = council.live_person(first_name="Iris", last_name="Marsh")
    _record(council, person, authority.LPA_PROPERTY_FINANCE, user=council.family, **EVIDENCE)
    return person


def test_a_property_attorney_sees_the_money_and_charging_not_the_care_record(council, attorney, signed_in):
    client = signed_in(council.family)
    assert access.sections_for(council.family, attorney) == {"identity", "budget", "charging"}
    record = client.get(f"/people/{attorney.pk}/")
    assert record.status_code == 200
    body = record.content.decode()
    assert "£200.00 a week" in body  # the budget
    for care in ["I want to stay at home", "Assessment", attorney.nhs_number_display, "Unpaid carers"]:
        assert care not in body
    assert client.get(f"/people/{attorney.pk}/account/").status_code == 200  # the direct payment account
    assert client.get(f"/people/{attorney.pk}/charging/").status_code == 200
    assert client.get(f"/people/{attorney.pk}/plan/").status_code == 403  # the support plan
    assert client.get(f"/people/{attorney.pk}/eligibility/decision/").status_code == 403  # the care record
    assert client.get(f"/people/{attorney.pk}/indicative-budget/").status_code == 403
    # The API shows the same: the identity, none of the care record
    shown = client.get(f"/api/v1/people/{attorney.pk}/").json()
    assert shown["last_name"] == "Marsh"
    assert not {"nhs_number", "postcode", "gp_practice_name", "dementia"} & set(shown)
    assert client.get(f"/api/v1/people/{attorney.pk}/plan/").status_code == 403


def test_a_second_authority_for_welfare_opens_the_care_record_too(council, attorney, signed_in):
    _record(council, attorney, authority.LPA_HEALTH_WELFARE, user=council.family, **EVIDENCE)
    client = signed_in(council.family)
    assert client.get(f"/people/{attorney.pk}/plan/").status_code == 200
    assert "I want to stay at home" in client.get(f"/people/{attorney.pk}/").content.decode()
    assert "nhs_number" in client.get(f"/api/v1/people/{attorney.pk}/").json()


def test_a_welfare_attorney_sees_the_care_record_not_the_money(council, signed_in):
    person = council.live_person()
    _record(council, person, authority.LPA_HEALTH_WELFARE, user=council.family, **EVIDENCE)
    client = signed_in(council.family)
    body = client.get(f"/people/{person.pk}/").content.decode()
    assert "I want to stay at home" in body
    assert f"/people/{person.pk}/account/" not in body  # no link to the account the scope does not open
    assert client.get(f"/people/{person.pk}/account/").status_code == 403
    assert client.get(f"/people/{person.pk}/charging/").status_code == 403


def test_an_appointee_sees_charging_only(council, signed_in):
    person = council.live_person()
    _record(council, person, authority.APPOINTEE, user=council.family, **EVIDENCE)
    assert access.sections_for(council.family, person) == {"identity", "charging"}
    client = signed_in(council.family)
    assert client.get(f"/people/{person.pk}/charging/").status_code == 200
    assert client.get(f"/people/{person.pk}/account/").status_code == 403


def test_an_authority_ended_today_gives_nothing_today(council, attorney, signed_in):
    rep = Representative.objects.get(person=attorney)
    actions.end_authority(rep, actor=council.worker, ends_on=TODAY, reason="The LPA was revoked")
    client = signed_in(council.family)
    assert access.sections_for(council.family, attorney) == set()
    assert client.get(f"/people/{attorney.pk}/").status_code == 404
    assert client.get(f"/people/{attorney.pk}/account/").status_code == 404
    assert client.get(f"/api/v1/people/{attorney.pk}/").status_code == 404


def test_an_authority_moved_from_before_kinds_opens_only_the_name_until_it_is_reviewed(council, signed_in):
    person = council.live_person()
    rep = _record(council, person, authority.LPA_HEALTH_WELFARE, user=council.family, **EVIDENCE)
    Representative.objects.filter(pk=rep.pk).update(kind=authority.LPA_TYPE_NOT_RECORDED, scope=authority.NOT_RECORDED)
    assert access.sections_for(council.family, person) == {"identity"}
    page = signed_in(council.worker).get(f"/people/{person.pk}/").content.decode()
    assert "What it covers is not recorded" in page
    actions.review_authority(rep, actor=council.worker, kind=authority.LPA_PROPERTY_FINANCE, scope="",
                             evidence_reference="OPG 7000-1234-5678", evidence_seen_on=TODAY,
                             review_on=TODAY + datetime.timedelta(days=365), note="Saw the registered LPA")
    assert access.sections_for(council.family, person) == {"identity", "budget", "charging"}


# ---- review dates --------------------------------------------------------------------------------------------------

def test_an_overdue_review_is_flagged_on_the_record_until_it_is_reviewed(council, signed_in):
    person = council.person()
    rep = _record(council, person, authority.LPA_HEALTH_WELFARE, review_on=TODAY - datetime.timedelta(days=1),
                  **EVIDENCE)
    client = signed_in(council.worker)
    body = client.get(f"/people/{person.pk}/").content.decode()
    assert "Review overdue" in body and "1 authority to act is overdue for review" in body
    assert f"/people/{person.pk}/representatives/{rep.pk}/review/" in body
    response = client.post(f"/people/{person.pk}/representatives/{rep.pk}/review/", {
        "kind": authority.LPA_HEALTH_WELFARE, "scope": "from_kind", "evidence_reference": "OPG 7000-1234-5678",
        "evidence_seen_on_0": str(TODAY.day), "evidence_seen_on_1": str(TODAY.month),
        "evidence_seen_on_2": str(TODAY.year), "review_on_0": "1", "review_on_1": "1",
        "review_on_2": str(TODAY.year + 1), "note": "Checked with the OPG"})
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.review_on == datetime.date(TODAY.year + 1, 1, 1) and rep.evidence_seen_on == TODAY
    body = client.get(f"/people/{person.pk}/").content.decode()
    assert "Review overdue" not in body and "overdue for review" not in body
    assert f"Review by {rep.review_on.day} {rep.review_on:%B %Y}" in body


def test_a_review_due_today_is_not_yet_overdue_and_an_ended_authority_is_never(council):
    person = council.person()
    due = _record(council, person, authority.CONSENT, scope=authority.WELFARE, review_on=TODAY)
    assert not due.review_overdue_on(TODAY)
    late = _record(council, person, authority.CONSENT, scope=authority.WELFARE, review_on=STARTED)
    assert late.review_overdue_on(TODAY)
    actions.end_authority(late, actor=council.worker, ends_on=TODAY, reason="She asked")
    late.refresh_from_db()
    assert not late.review_overdue_on(TODAY)


# ---- the API ---------------------------------------------------------------------------------------------------------

def test_the_api_records_and_lists_authorities_naming_the_field_it_refuses(council, api):
    person = council.person()
    client = api(council.worker)
    url = f"/api/v1/people/{person.pk}/authorities/"
    refused = client.post(url, {"name": "Ruth", "relationship": "Son or daughter", "kind": authority.EPA,
                                "starts_on": "2026-01-01"}, format="json")
    assert refused.status_code == 400 and "evidence_reference" in refused.json()["errors"]
    made = client.post(url, {"name": "Ruth", "relationship": "Son or daughter", "kind": authority.EPA,
                             "starts_on": "2026-01-01", "evidence_reference": "OPG EPA 1", "evidence_seen_on": "2026-01-02",
                             "review_on": "2027-01-01"}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["scope"] == authority.PROPERTY and made.json()["recorded_by"]
    listed = client.get(url).json()
    assert [(a["kind"], a["evidence_reference"]) for a in listed] == [(authority.EPA, "OPG EPA 1")]
    review = client.post(f"/api/v1/people/{person.pk}/representatives/{made.json()['id']}/review/", {
        "kind": authority.EPA, "evidence_reference": "OPG EPA 1", "evidence_seen_on": TODAY.isoformat(),
        "review_on": (TODAY + datetime.timedelta(days=200)).isoformat()}, format="json")
    assert review.status_code == 200 and review.json()["review_on"] == (TODAY + datetime.timedelta(days=200)).isoformat()


def test_only_staff_on_the_record_reach_its_authorities(council, api):
    person = council.live_person()
    _record(council, person, authority.CONSENT, scope=authority.WELFARE_AND_PROPERTY, user=council.family)
    url = f"/api/v1/people/{person.pk}/authorities/"
    assert api(council.south_worker).get(url).status_code == 404  # another team: not found
    assert api(council.family).get(url).status_code == 403  # reaches the person, not their authorities
    assert api(council.finance).get(url).status_code == 403  # sees the budget of everyone, not who acts for them
    assert api(council.finance).post(url, {}, format="json").status_code == 403
    assert api(council.manager).get(url).status_code == 200  # the team's manager and worker read them


# ---- the migration of the old data ----------------------------------------------------------------------------------

MIGRATION = importlib.import_module("selfdirect.people.migrations.0006_authority_kinds_and_consent_records_from_old_data")


def test_the_old_legal_bases_keep_their_meaning_and_an_unknown_scope_is_not_guessed():
    assert MIGRATION.authority_for_old_basis("consent") == (authority.CONSENT, authority.WELFARE_AND_PROPERTY)
    assert MIGRATION.authority_for_old_basis("authorised_person") == (authority.AUTHORISED_PERSON,
                                                                      authority.DIRECT_PAYMENTS)
    assert MIGRATION.authority_for_old_basis("deputy") == (authority.DEPUTY, authority.NOT_RECORDED)
    assert MIGRATION.authority_for_old_basis("attorney") == (authority.LPA_TYPE_NOT_RECORDED, authority.NOT_RECORDED)
    assert MIGRATION.authority_for_old_basis("anything else") == (authority.LPA_TYPE_NOT_RECORDED,
                                                                  authority.NOT_RECORDED)
    for kind, scope in MIGRATION.OLD_TO_NEW.values():
        assert kind in authority.KINDS and scope in authority.KINDS[kind].scopes or scope == authority.NOT_RECORDED
    assert authority.sections_of(authority.NOT_RECORDED) == {"identity"}
    # and back again, for undoing the migration
    assert [MIGRATION.old_basis_for(MIGRATION.authority_for_old_basis(old)[0])
            for old in ["consent", "authorised_person", "deputy", "attorney"]] == [
        "consent", "authorised_person", "deputy", "attorney"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_old_authority_and_research_agreement_into_records(code_lists):
    """The data step itself, run on rows made the old way: migrate people back to before authority and consent were
    records, write old rows, migrate forward again."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("people", "0005_authority_and_consent_records")]
    latest = [("people", "0007_remove_person_research_consent")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    team = old.get_model("accounts", "Team").objects.create(name="Old team")
    Person = old.get_model("people", "Person")

    def person(ref, agreed):
        return Person.objects.create(la_person_id=ref, first_name="Old", last_name=ref, date_of_birth="1950-01-01",
                                     gender="Female", ethnicity="A", postcode="EX1 2AB", primary_support_reason="x",
                                     client_group="older_people", team=team, research_consent=agreed)

    agreed, declined = person("EX900001", True), person("EX900002", False)
    OldRepresentative = old.get_model("people", "Representative")
    for basis in ["consent", "authorised_person", "deputy", "attorney"]:
        OldRepresentative.objects.create(person=agreed, name=basis, relationship="Son or daughter", kind=basis,
                                      scope="not_recorded", evidence_reference=f"{basis} papers",
                                      starts_on="2020-01-01")

    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    # Going back unapplied every later migration that depends on people (charging's, for one): apply them all again,
    # so the tests after this one find every table.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = {r.name: (r.kind, r.scope, r.evidence_reference, r.evidence_seen_on)
             for r in Representative.objects.all()}
    assert moved == {
        "consent": (authority.CONSENT, authority.WELFARE_AND_PROPERTY, "consent papers", None),
        "authorised_person": (authority.AUTHORISED_PERSON, authority.DIRECT_PAYMENTS, "authorised_person papers", None),
        "deputy": (authority.DEPUTY, authority.NOT_RECORDED, "deputy papers", None),
        "attorney": (authority.LPA_TYPE_NOT_RECORDED, authority.NOT_RECORDED, "attorney papers", None),
    }
    from selfdirect.people import queries
    from selfdirect.people.models import Consent
    from selfdirect.people.models import Person as NewPerson

    consent = Consent.objects.get()
    assert consent.person_id == agreed.pk and consent.purpose == authority.RESEARCH
    assert consent.information.version == 1 and consent.recorded_by is None and consent.given_on == TODAY
    assert "the day it was given and who recorded it were not kept" in consent.note
    assert queries.has_consent(NewPerson.objects.get(pk=agreed.pk), authority.RESEARCH)
    assert not queries.has_consent(NewPerson.objects.get(pk=declined.pk), authority.RESEARCH)
