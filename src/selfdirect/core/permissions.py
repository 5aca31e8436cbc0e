"""Who may do what, by the role a user is acting in: the one place the product's role checks live.

Every rule here is a django-rules predicate: it is called like a function (`permissions.may_run_payments(user)`),
composes with `|`, `&` and `~`, and the few a template or `user.has_perm` asks for by name are registered as
permissions below. Actions, APIs and views ask these by the decision's name; none compares `user.role` itself
(tests/test_conventions.py checks the actions and APIs).

The rules read the role the user is ACTING in (`user.role`): a worker who also acts for her mother decides as a worker
only while acting as one. Rules about one person's record (may this user see or change it?) need the person's record
and its team, so they are people.access's, built from these (`people.view_person`, `people.change_person`,
`people.approve_plan`). A user who is not signed in satisfies none of them."""

import rules

from .roles import CASEWORK_ROLES, PEOPLE_THEMSELVES, Role


def _acting_in(name: str, roles) -> rules.Predicate:
    wanted = frozenset(roles)

    def acting(user) -> bool:
        return user is not None and user.is_authenticated and user.role in wanted

    return rules.predicate(acting, name=name)


# ---- the role the user is acting in ---------------------------------------------------------------------------------

is_social_worker = _acting_in("is_social_worker", {Role.SOCIAL_WORKER})
is_team_manager = _acting_in("is_team_manager", {Role.TEAM_MANAGER})
is_finance_officer = _acting_in("is_finance_officer", {Role.FINANCE_OFFICER})
is_commissioner = _acting_in("is_commissioner", {Role.COMMISSIONER})
is_budget_holder = _acting_in("is_budget_holder", {Role.BUDGET_HOLDER})
is_provider = _acting_in("is_provider", {Role.PROVIDER})
is_researcher = _acting_in("is_researcher", {Role.RESEARCHER})
is_administrator = _acting_in("is_administrator", {Role.ADMINISTRATOR})
is_carer = _acting_in("is_carer", {Role.CARER})
is_independent_adviser = _acting_in("is_independent_adviser", {Role.INDEPENDENT_ADVISER})

# Council staff who work on people's cases, scoped by team (a social worker or team manager).
is_casework = _acting_in("is_casework", CASEWORK_ROLES)
# The person, or someone acting for them: they suggest, confirm, arrange and record, but do not decide.
is_person_themselves = _acting_in("is_person_themselves", PEOPLE_THEMSELVES)
# Casework staff and administrators: the roles that open cases, add people and change records (people.access adds
# the team each record is in).
works_on_cases = is_casework | is_administrator
# Finance officers and administrators.
is_finance = is_finance_officer | is_administrator
# Team managers and administrators: they agree what a worker asks for.
is_manager = is_team_manager | is_administrator


# ---- decisions, named for what they allow ---------------------------------------------------------------------------

# People.
may_list_people = works_on_cases | is_finance_officer
may_add_people = works_on_cases
may_add_people_to_any_team = is_administrator  # everyone else adds people only to their own team
may_edit_code_lists = is_administrator
# The information a person is given before they consent to research, sharing or plan examples (people.ConsentInformation).
may_edit_consent_information = is_administrator

# Sign-ins.
may_manage_accounts = is_administrator

# The audit trail: managers see their own team's people, administrators everyone's.
may_search_audit = is_manager
audit_limited_to_own_team = is_team_manager

# A case's journey: an administrator moves any case; casework staff move their team's, and only a team manager
# agrees a plan (journey.actions.may_move adds the team).
may_move_any_case = is_administrator
may_move_team_cases = is_casework
may_agree_team_plans = is_team_manager
may_agree_any_plan_cost = is_administrator  # over the manager's limit, the funding panel (an administrator) agrees

# Planning: only the person, or someone acting for them, confirms from their own account.
may_confirm_choices_online = is_person_themselves

# Charging: financial assessments are finance's.
may_assess_charges = is_finance
# The council's charging policy (charging.models.ChargingPolicyVersion): there is no separate finance-manager role;
# finance officers and administrators set it, and read it.
may_set_charging_policy = is_finance
may_read_charging_policy = is_finance

# The Resource Allocation System: finance sets it, and managers and commissioners also watch its fairness.
may_set_allocation = is_finance
may_oversee_allocation = is_finance | is_team_manager | is_commissioner

# Money: finance runs payments, imports and matches statements and audits accounts, and keys in paper records.
may_handle_payments = is_finance
# A provider sends its statement of the individual service funds it holds (money.actions.import_fund_statement keeps
# it to the funds of the organisation it acts for); finance imports any statement.
may_send_fund_statements = is_provider
may_approve_one_off = is_manager

# Figures: dashboards and the choices report for managers, commissioners and administrators; the people behind a
# figure only for those who may see people's records (commissioners see figures, never people); a team manager's
# figures are their own team's. The statutory return (CLD) is the commissioners' and administrators'.
may_read_dashboards = is_team_manager | is_commissioner | is_administrator
may_see_people_behind_figures = is_manager
figures_limited_to_own_team = is_team_manager
may_run_returns = is_commissioner | is_administrator

# Every dashboard and report on one page, for administrators.
may_see_every_dashboard = is_administrator

# Subject access (UK GDPR article 15): casework staff and administrators log a request, gather, review and release it
# (subject_access.access adds the person's team); a team manager of the person's team or an administrator approves it,
# and never one who reviewed it (the two-person rule, subject_access.actions.approve).
may_handle_subject_access = works_on_cases
may_approve_subject_access = is_manager

# Retention (docs/data-protection.md, "Retention and erasure"): only administrators set the council's retention
# schedule, place and lift legal holds, and erase the records of people past the schedule.
may_manage_retention = is_administrator


# The market directory (issue 20, docs/market.md): anyone, signed in or not, searches it and reads its Open Referral UK
# API; commissioners and administrators confirm new providers, load CQC's files and other directories' data, and
# change any entry; a provider changes its own entries (its prices, vacancies and venues), dated and shown.
may_manage_directory = is_commissioner | is_administrator
may_maintain_own_listing = is_provider

# People I helped (outcomes.helped, docs/people-i-helped.md): the staff who help someone on their way (casework staff,
# finance officers, administrators, and brokers or independent advisers) read how it went for the people they helped;
# a team manager reads it for the people their team's members helped.
may_read_helped = works_on_cases | is_finance_officer | is_independent_adviser
may_read_team_helped = is_team_manager

rules.add_perm("audit.search", may_search_audit)
rules.add_perm("people.edit_code_lists", may_edit_code_lists)
