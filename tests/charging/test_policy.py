"""The council's charging policy: kept as dated versions, read by date, changed by finance on a page, the API and read
on the command line; the old environment variables imported once, then ignored with a warning."""

import datetime
import importlib
import json

import pytest

from selfdirect.charging import actions, queries
from selfdirect.charging.models import ChargingPolicyVersion
from selfdirect.charging.policy import SHIPPED_DEFAULT, PolicyError, parse_policy

D = datetime.date
PAGE = "/finance/charging-policy/"
FORM_PAGE = "/finance/charging-policy/new/"
API = "/api/v1/charging-policy/"
MIGRATION = importlib.import_module("selfdirect.charging.migrations.0004_import_charging_policy_from_environment")


@pytest.fixture
def no_versions(db):
    """A policy history that starts empty (the migrations import one version into every new database)."""
    ChargingPolicyVersion.objects.all().delete()


def _set(council, day, reason="The council's decision", **values):
    return actions.set_policy(actor=council.finance, effective_from=day, values=values, reason=reason)


FORM = {"effective_from_0": "6", "effective_from_1": "4", "effective_from_2": "2026",
        "mig_uplift_weekly_pence": "10.00", "standard_dre_weekly_pence": "", "minimum_weekly_charge_pence": "2.50",
        "maximum_weekly_charge_pence": "", "charge_carers_support": "no", "night_care_disregard": "ignore",
        "direct_payment_contribution": "gross", "reason": "Cabinet decision of 3 March 2026"}


# ---- the rules, without a database ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "field"), [
    ({"minimum_weekly_charge_pence": -1}, "policy.minimum_weekly_charge_pence"),
    ({"mig_uplift_weekly_pence": 12.5}, "policy.mig_uplift_weekly_pence"),
    ({"standard_dre_weekly_pence": "£5"}, "policy.standard_dre_weekly_pence"),
    ({"minimum_weekly_charge_pence": 500, "maximum_weekly_charge_pence": 400}, "policy.maximum_weekly_charge_pence"),
    ({"charge_carers_support": "yes"}, "policy.charge_carers_support"),
    ({"night_care_disregard": "sometimes"}, "policy.night_care_disregard"),
    ({"direct_payment_contribution": "both"}, "policy.direct_payment_contribution"),
    ({"tariff": 1}, "policy.tariff"),
])
def test_a_bad_policy_value_is_refused_naming_its_field(raw, field):
    with pytest.raises(PolicyError) as refused:
        parse_policy(raw)
    assert refused.value.field == field


def test_a_policy_given_in_part_takes_the_shipped_default_for_the_rest():
    made = parse_policy({"maximum_weekly_charge_pence": None, "minimum_weekly_charge_pence": 250})
    assert made == SHIPPED_DEFAULT.__class__(**{**SHIPPED_DEFAULT.as_dict(), "minimum_weekly_charge_pence": 250})


# ---- versions ---------------------------------------------------------------------------------------------------------

def test_a_finance_officer_adds_versions_which_are_audited_and_carry_the_rest_forward(council, no_versions):
    from selfdirect.audit.models import AuditEvent

    first = _set(council, D(2025, 4, 1), minimum_weekly_charge_pence=250, night_care_disregard="ignore")
    second = _set(council, D(2026, 4, 6), reason="Standard allowance agreed", standard_dre_weekly_pence=1000)
    assert (second.minimum_weekly_charge_pence, second.night_care_disregard, second.standard_dre_weekly_pence) == \
        (250, "ignore", 1000)
    assert second.created_by == council.finance and not second.imported_from_environment
    assert [v.pk for v in queries.policy_versions()] == [second.pk, first.pk]
    event = AuditEvent.objects.filter(actor=council.finance, action="decision").latest("id")
    assert event.person is None and event.why == "Standard allowance agreed"
    assert "Standard disability-related expenditure allowance a week" in event.what and "6 April 2026" in event.what


def test_an_administrator_may_set_the_policy_and_a_social_worker_may_not(council, no_versions):
    assert actions.set_policy(actor=council.admin, effective_from=D(2026, 4, 6), values={}, reason="Agreed")
    with pytest.raises(actions.PolicyChangeError, match="finance officer or an administrator"):
        actions.set_policy(actor=council.worker, effective_from=D(2027, 4, 6), values={}, reason="Agreed")
    assert ChargingPolicyVersion.objects.count() == 1


def test_a_version_is_never_changed_so_a_second_on_the_same_day_is_refused(council, no_versions):
    _set(council, D(2026, 4, 6), minimum_weekly_charge_pence=250)
    with pytest.raises(actions.PolicyChangeError) as refused:
        _set(council, D(2026, 4, 6), minimum_weekly_charge_pence=300)
    assert refused.value.field == "effective_from"
    assert "already takes effect on 6 April 2026" in str(refused.value) and "never changed" in str(refused.value)
    with pytest.raises(actions.PolicyChangeError, match="must be after 6 April 2026") as earlier:
        _set(council, D(2025, 4, 1), minimum_weekly_charge_pence=300)
    assert earlier.value.field == "effective_from"
    assert ChargingPolicyVersion.objects.count() == 1


def test_every_problem_is_named_at_once_and_nothing_is_written(council, no_versions):
    with pytest.raises(actions.PolicyChangeError) as refused:
        actions.set_policy(actor=council.finance, effective_from=None, reason="  ",
                           values={"minimum_weekly_charge_pence": 500, "maximum_weekly_charge_pence": 400})
    named = {problem.field: str(problem) for problem in refused.value.every}
    assert named == {"effective_from": "Enter the date the policy takes effect",
                     "maximum_weekly_charge_pence": "Maximum weekly charge must not be below the minimum weekly charge",
                     "reason": "Enter why the policy changes"}
    assert not ChargingPolicyVersion.objects.exists()


def test_a_version_that_changes_nothing_is_refused(council, no_versions):
    _set(council, D(2026, 4, 6), minimum_weekly_charge_pence=250)
    with pytest.raises(actions.PolicyChangeError, match="the same as the policy in force from 6 April 2026"):
        _set(council, D(2027, 4, 5), minimum_weekly_charge_pence=250)


def test_the_policy_on_a_day_is_the_latest_version_from_that_day_or_before(council, no_versions):
    assert queries.policy_on(D(2026, 1, 1)) == SHIPPED_DEFAULT and queries.policy_version_on(D(2026, 1, 1)) is None
    first = _set(council, D(2025, 4, 1), minimum_weekly_charge_pence=250)
    second = _set(council, D(2026, 4, 6), minimum_weekly_charge_pence=500)
    assert queries.policy_on(D(2025, 3, 31)) == SHIPPED_DEFAULT
    assert queries.policy_version_on(D(2025, 4, 1)) == first
    assert queries.policy_on(D(2026, 4, 5)).minimum_weekly_charge_pence == 250
    assert queries.policy_version_on(D(2026, 4, 6)) == second
    assert queries.policy_on(D(2030, 1, 1)).minimum_weekly_charge_pence == 500
    on = queries.policy_timeline()
    for day in (D(2025, 3, 31), D(2025, 4, 1), D(2026, 4, 5), D(2026, 4, 6), D(2030, 1, 1)):
        assert on(day) == queries.policy_on(day)


# ---- the pages --------------------------------------------------------------------------------------------------------

def test_finance_reads_the_policy_in_force_and_every_version(council, no_versions, signed_in):
    _set(council, D(2020, 4, 1), minimum_weekly_charge_pence=250, maximum_weekly_charge_pence=None,
         night_care_disregard="ignore", reason="Cabinet decision")
    for user in (council.finance, council.admin):
        body = signed_in(user).get(PAGE).content.decode()
        assert "Minimum weekly charge" in body and "£2.50" in body
        assert "Maximum weekly charge" in body and "Not offered" in body  # no standard allowance
        assert "Counted as income" in body and "Cabinet decision" in body and "1 April 2020" in body
        assert 'href="/finance/charging-policy/new/"' in body and "Change the policy" in body


def test_every_version_shows_its_own_values(council, no_versions, signed_in):
    """Walk finding: the versions table gave only the date, who, when and why; a saved version's figures were not
    shown anywhere once a later one took over."""
    _set(council, D(2020, 4, 1), minimum_weekly_charge_pence=175, standard_dre_weekly_pence=1000,
         maximum_weekly_charge_pence=9000, reason="Cabinet decision of 2020")
    _set(council, D(2024, 4, 1), minimum_weekly_charge_pence=250, standard_dre_weekly_pence=None,
         maximum_weekly_charge_pence=None, reason="Cabinet decision of 2024")
    _set(council, D(2099, 4, 1), minimum_weekly_charge_pence=500, mig_uplift_weekly_pence=1234,
         reason="Cabinet decision of 2099")
    body = signed_in(council.finance).get(PAGE).content.decode()
    versions = body[body.index("Every version"):]
    for day in ("1 April 2099", "1 April 2024", "1 April 2020"):
        assert f"The policy from {day}" in versions  # each version's values, in a details element of its own
    assert versions.count('class="govuk-details"') == 3
    sections = {day: versions[versions.index(f"The policy from {day}"):] for day in ("1 April 2099", "1 April 2024",
                                                                                      "1 April 2020")}
    earliest = sections["1 April 2020"]
    assert "£1.75" in earliest and "£10.00" in earliest and "£90.00" in earliest and "Not offered" not in earliest
    middle = sections["1 April 2024"][:sections["1 April 2024"].index("The policy from 1 April 2020")]
    assert "£2.50" in middle and "Not offered" in middle and ">None<" in middle.replace("\n", "").replace(" ", "")
    latest = sections["1 April 2099"][:sections["1 April 2099"].index("The policy from 1 April 2024")]
    assert "£5.00" in latest and "£12.34" in latest


def test_the_form_says_which_date_must_come_after_the_latest_version(council, no_versions, signed_in):
    """Walk finding: "It must be after 1 April 2015" did not say what "it" was."""
    _set(council, D(2015, 4, 1), minimum_weekly_charge_pence=175)
    form = signed_in(council.finance).get(FORM_PAGE).content.decode()
    assert "The date it takes effect must be after 1 April 2015, when the latest version took effect" in form
    assert "It must be after" not in form


def test_the_finance_home_and_navigation_link_to_the_policy(council, signed_in):
    body = signed_in(council.finance).get("/").content.decode()
    assert 'href="/finance/charging-policy/"' in body


@pytest.mark.parametrize("role", ["worker", "manager", "commissioner", "holder", "provider"])
def test_no_one_else_reads_or_changes_the_policy(council, signed_in, role):
    client = signed_in(getattr(council, role))
    assert client.get(PAGE).status_code == 403
    assert client.get(FORM_PAGE).status_code == 403
    assert client.post(FORM_PAGE, FORM).status_code == 403


def test_the_form_starts_with_the_policy_in_force_and_saves_a_new_version(council, no_versions, signed_in):
    _set(council, D(2020, 4, 1), minimum_weekly_charge_pence=175, charge_carers_support=True)
    client = signed_in(council.finance)
    form = client.get(FORM_PAGE).content.decode()
    assert 'value="1.75"' in form and 'value="yes" checked' in form.replace("\n", " ").replace("  ", " ")
    response = client.post(FORM_PAGE, FORM)
    assert response.status_code == 302 and response["Location"] == PAGE
    made = queries.policy_version_on(D(2026, 4, 6))
    assert (made.effective_from, made.mig_uplift_weekly_pence, made.minimum_weekly_charge_pence,
            made.standard_dre_weekly_pence, made.charge_carers_support, made.night_care_disregard,
            made.direct_payment_contribution, made.reason, made.created_by) == (
        D(2026, 4, 6), 1000, 250, None, False, "ignore", "gross", "Cabinet decision of 3 March 2026", council.finance)


def test_the_form_names_each_problem_in_the_error_summary(council, no_versions, signed_in):
    _set(council, D(2026, 4, 6), minimum_weekly_charge_pence=175)
    client = signed_in(council.finance)
    response = client.post(FORM_PAGE, {**FORM, "reason": ""})
    assert response.status_code == 400 and 'href="#id_reason"' in response.content.decode()
    response = client.post(FORM_PAGE, {**FORM, "maximum_weekly_charge_pence": "1.00"})
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body
    assert "already takes effect on 6 April 2026" in body and 'href="#id_effective_from_0"' in body
    assert "Maximum weekly charge must not be below the minimum weekly charge" in body
    assert 'href="#id_maximum_weekly_charge_pence"' in body
    response = client.post(FORM_PAGE, {**FORM, "minimum_weekly_charge_pence": "-1"})
    assert response.status_code == 400 and "Minimum weekly charge must not be negative" in response.content.decode()
    assert ChargingPolicyVersion.objects.count() == 1


def test_the_assessment_form_says_the_night_care_policy_in_force(council, no_versions, signed_in):
    person = council.live_person()
    client = signed_in(council.finance)
    assert "to disregard it when no night care is received" in client.get(f"/people/{person.pk}/charging/new/").content.decode()
    _set(council, D(2020, 4, 1), night_care_disregard="ignore")
    assert "to count it" in client.get(f"/people/{person.pk}/charging/new/").content.decode()


# ---- the API ----------------------------------------------------------------------------------------------------------

def test_the_api_lists_the_versions_newest_first_with_the_one_in_force(council, no_versions, api):
    first = _set(council, D(2020, 4, 1), minimum_weekly_charge_pence=250)
    later = _set(council, D(2099, 4, 1), minimum_weekly_charge_pence=500)
    body = api(council.finance).get(API).json()
    assert [v["id"] for v in body["versions"]] == [later.pk, first.pk]
    assert body["in_force_today"]["id"] == first.pk and body["in_force_today"]["minimum_weekly_charge_pence"] == 250
    assert body["versions"][0]["created_by"] == council.finance.display_name


def test_the_api_adds_a_version_and_names_a_bad_field(council, no_versions, api):
    client = api(council.finance)
    made = client.post(API, {"effective_from": "2026-04-06", "minimum_weekly_charge_pence": 250,
                             "direct_payment_contribution": "gross", "reason": "Agreed"}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["minimum_weekly_charge_pence"] == 250 and made.json()["direct_payment_contribution"] == "gross"
    bad = client.post(API, {"effective_from": "2027-04-05", "maximum_weekly_charge_pence": 100, "reason": "Agreed"},
                      format="json")
    assert bad.status_code == 400 and "maximum_weekly_charge_pence" in json.dumps(bad.json())
    again = client.post(API, {"effective_from": "2026-04-06", "minimum_weekly_charge_pence": 300, "reason": "Agreed"},
                        format="json")
    assert again.status_code == 400 and "effective_from" in json.dumps(again.json())
    assert client.post(API, {"effective_from": "2027-04-05", "reason": ""}, format="json").status_code == 400
    assert ChargingPolicyVersion.objects.count() == 1
    assert api(council.worker).get(API).status_code == 403
    assert api(council.worker).post(API, {"effective_from": "2027-04-05", "reason": "x"}, format="json").status_code == 403


# ---- the command line ---------------------------------------------------------------------------------------------------

def test_the_command_line_prints_the_policy_in_force_on_a_day(cli):
    on = cli("charging", "policy", "--on", "2020-01-01")
    assert on.returncode == 0, on.stderr
    printed = json.loads(on.stdout)
    assert printed["effective_from"] == "2015-04-01" and isinstance(printed["version"], int)  # imported by migrating
    assert set(SHIPPED_DEFAULT.as_dict()) <= set(printed)
    before = json.loads(cli("charging", "policy", "--on", "2014-01-01").stdout)
    assert before["version"] is None and before["minimum_weekly_charge_pence"] == 0
    assert json.loads(cli("charging", "policy").stdout)["on"] == datetime.date.today().isoformat()
    bad = cli("charging", "policy", "--on", "yesterday")
    assert bad.returncode == 2 and "--on" in bad.stderr and bad.stdout == ""


# ---- the environment variables, imported once and then ignored -----------------------------------------------------------

def test_the_old_variables_warn_that_they_are_ignored(monkeypatch):
    from selfdirect.charging.checks import policy_variables_ignored

    monkeypatch.delenv("SELFDIRECT_NIGHT_CARE_POLICY", raising=False)
    monkeypatch.delenv("SELFDIRECT_CONTRIBUTION_POLICY", raising=False)
    assert policy_variables_ignored() == []
    monkeypatch.setenv("SELFDIRECT_NIGHT_CARE_POLICY", "ignore")
    warnings = policy_variables_ignored()
    assert [w.id for w in warnings] == ["charging.W001"]
    assert warnings[0].msg == ("SELFDIRECT_NIGHT_CARE_POLICY is ignored: the council's charging policy is stored in "
                               "Selfdirect (Finance > Charging policy); it was imported once when the database was set up")
    monkeypatch.setenv("SELFDIRECT_CONTRIBUTION_POLICY", "gross")
    assert len(policy_variables_ignored()) == 2


def test_the_check_is_registered():
    from django.core import checks

    from selfdirect.charging.checks import policy_variables_ignored

    assert policy_variables_ignored in checks.registry.registry.get_checks()


def test_the_migration_imports_the_variables_once(no_versions, monkeypatch):
    from django.apps import apps

    monkeypatch.setenv("SELFDIRECT_NIGHT_CARE_POLICY", "ignore")
    monkeypatch.delenv("SELFDIRECT_CONTRIBUTION_POLICY", raising=False)
    MIGRATION.import_from_environment(apps, None)
    version = ChargingPolicyVersion.objects.get()
    assert (version.effective_from, version.night_care_disregard, version.direct_payment_contribution,
            version.imported_from_environment, version.created_by) == (D(2015, 4, 1), "ignore", "net", True, None)
    assert "SELFDIRECT_NIGHT_CARE_POLICY=ignore" in version.reason
    monkeypatch.setenv("SELFDIRECT_CONTRIBUTION_POLICY", "gross")
    MIGRATION.import_from_environment(apps, None)
    assert ChargingPolicyVersion.objects.count() == 1 and queries.policy_on(D(2026, 1, 1)).direct_payment_contribution == "net"


def test_the_migration_sets_the_shipped_defaults_when_nothing_is_set(no_versions, monkeypatch):
    from django.apps import apps

    monkeypatch.delenv("SELFDIRECT_NIGHT_CARE_POLICY", raising=False)
    monkeypatch.delenv("SELFDIRECT_CONTRIBUTION_POLICY", raising=False)
    MIGRATION.import_from_environment(apps, None)
    version = ChargingPolicyVersion.objects.get()
    assert not version.imported_from_environment and queries.as_policy(version) == SHIPPED_DEFAULT


def test_the_migration_refuses_a_value_it_does_not_know(no_versions, monkeypatch):
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SELFDIRECT_CONTRIBUTION_POLICY", "both")
    with pytest.raises(ImproperlyConfigured, match="SELFDIRECT_CONTRIBUTION_POLICY must be net or gross"):
        MIGRATION.import_from_environment(apps, None)
    assert not ChargingPolicyVersion.objects.exists()
