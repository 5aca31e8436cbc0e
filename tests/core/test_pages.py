import pytest


@pytest.mark.parametrize("role", ["worker", "manager", "finance", "commissioner", "researcher", "admin", "holder",
                                  "family", "provider", "adviser"])
def test_every_role_has_a_home_page(council, signed_in, role):
    council.live_person(user=council.holder, consents=("research",))
    response = signed_in(getattr(council, role)).get("/")
    assert response.status_code == 200
    assert "Exampleshire" in response.content.decode()


def _research_project(council, people=5):
    import datetime

    from selfdirect.research import actions

    made = [council.live_person(consents=("research",), last_name="Distinctive") for _ in range(people)]
    today = datetime.date.today()
    project = actions.create_project(actor=council.admin, name="Living well at home", lead=council.researcher,
                                     approval_reference="26/SW/0042", starts_on=today, ends_on=today)
    actions.add_consenting_people(project, actor=council.admin)
    return project, made


def test_the_researcher_sees_their_projects_not_people(council, signed_in):
    _, (person, *_) = _research_project(council, people=1)
    body = signed_in(council.researcher).get("/").content.decode()
    assert "Distinctive" not in body and person.nhs_number_display not in body and person.la_person_id not in body
    assert "Living well at home" in body


def test_the_commissioner_sees_figures_only(council, signed_in):
    council.live_person(last_name="Distinctive")
    body = signed_in(council.commissioner).get("/").content.decode()
    assert "Distinctive" not in body
    assert "Direct payment" in body


def test_public_pages_need_no_sign_in(client, db):
    for url in ["/sign-in/", "/accessibility/", "/privacy/"]:
        assert client.get(url).status_code == 200


def test_a_bad_sign_in_says_what_to_do(client, council):
    body = client.post("/sign-in/", {"username": "worker", "password": "wrong"}).content.decode()
    assert "Enter a correct sign-in name and password" in body


def test_pages_use_the_councils_own_header_and_no_crown(client, db):
    body = client.get("/sign-in/").content.decode()
    assert "Exampleshire Council" in body
    assert "govuk-header__logotype" not in body and "crown" not in body.lower()


def test_each_widget_is_rendered_with_its_govuk_component():
    from django import forms

    from selfdirect.core.forms import DateField, component_for

    class Sample(forms.Form):
        many = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
        one = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
        listed = forms.ChoiceField(choices=[("a", "A")])
        words = forms.CharField(widget=forms.Textarea)
        when = DateField()
        name = forms.CharField()

    form = Sample()
    assert [component_for(form[n]) for n in form.fields] == ["checkboxes", "radios", "select", "textarea", "date-input", "input"]


def test_the_casework_home_page_counts_each_step_as_the_team_has_it(council, signed_in):
    import re

    from selfdirect.journey.models import Case
    from selfdirect.journey.steps import ORDER, STATE_LABELS

    for name in ["Ann", "Bob", "Cat"]:
        council.person(first_name=name)  # three at referral
    council.live_person(first_name="Dee")
    council.live_person(first_name="Eve")
    council.person(first_name="Far", team=council.south)  # another team's case is not counted
    body = signed_in(council.worker).get("/").content.decode()
    shown = dict(re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th><td[^>]*>(\d+)</td>', body))
    north = Case.objects.filter(person__team=council.north)
    expected = {STATE_LABELS[s]: str(north.filter(state=s).count()) for s in ORDER}
    assert shown == expected
    assert shown[STATE_LABELS["referral"]] == "3" and shown[STATE_LABELS["live"]] == "2"


def test_the_researcher_sees_client_groups_by_name(council, signed_in):
    from selfdirect.research import actions

    project, _ = _research_project(council)
    release = actions.make_release(project, actor=council.researcher, today=project.starts_on)
    body = signed_in(council.researcher).get(f"/research/releases/{release.pk}/").content.decode()
    assert "older_people" not in body and "Older people" in body


ADMIN_DASHBOARDS = ["insight:take-up", "insight:journey-times", "insight:choice-offered", "planning:choices-report",
                    "insight:money", "insight:outcomes", "allocation:index", "allocation:calibrate", "allocation:audit", "money:finance",
                    "charging:assessment-requests", "insight:cld", "audit:search", "people:reference-lists",
                    "subject_access:index"]


def test_administrators_reach_every_dashboard_from_their_navigation(council, signed_in):
    from django.urls import reverse

    client = signed_in(council.admin)
    assert 'href="/dashboards/"' in client.get("/").content.decode()  # "Dashboards" in the service navigation
    page = client.get("/dashboards/").content.decode()
    for name in ADMIN_DASHBOARDS:
        assert f'href="{reverse(name)}"' in page, name
        assert client.get(reverse(name)).status_code == 200, name


def test_the_dashboards_page_is_for_administrators_and_finance_has_its_queue_in_the_navigation(council, signed_in):
    for who in ["worker", "manager", "finance", "commissioner", "holder"]:
        assert signed_in(getattr(council, who)).get("/dashboards/").status_code == 403, who
    assert 'href="/finance/assessment-requests/"' in signed_in(council.finance).get("/").content.decode()


def test_an_error_in_a_page_gives_the_councils_page_with_its_number(client, db, settings, monkeypatch):
    """A page that fails answers 500 with the council's own page (and a plain one if even that cannot be made)."""
    from django.test import RequestFactory

    from selfdirect.core import views

    settings.ROOT_URLCONF = "tests.core.broken_urls"
    client.raise_request_exception = False
    page = client.get("/broken/")
    text = page.content.decode()
    assert page.status_code == 500 and "Sorry, there is a problem with the service" in text
    assert settings.COUNCIL_PHONE in text and settings.COUNCIL_NAME in text

    monkeypatch.setattr(views, "render", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no database")))
    plain = views.server_error(RequestFactory().get("/"))
    assert plain.status_code == 500 and settings.COUNCIL_PHONE in plain.content.decode()
