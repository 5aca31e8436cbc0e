"""Service navigation by role: each role sees the parts of the service it uses, and nothing else."""

from django.urls import reverse

from selfdirect.core import permissions
from selfdirect.core.roles import Role

_NAV = {
    Role.SOCIAL_WORKER: [("Home", "site:home"), ("People", "people:list"), ("Reviews due", "outcomes:reviews-due"),
                         ("Ideas from other plans", "planning:examples"),
                         ("What a direct payment can buy", "planning:can-it-be-bought")],
    Role.TEAM_MANAGER: [("Home", "site:home"), ("People", "people:list"), ("Reviews due", "outcomes:reviews-due"),
                        ("Choices offered", "planning:choices-report"),
                        ("Take-up", "insight:take-up"), ("Journey times", "insight:journey-times"),
                        ("Choice offered: groups", "insight:choice-offered"), ("Money", "insight:money"),
                        ("Outcomes", "insight:outcomes"),
                        ("Audit trail", "audit:search"), ("Fairness", "allocation:audit"),
                        ("Subject access", "subject_access:index")],
    Role.FINANCE_OFFICER: [("Home", "site:home"), ("People", "people:list"), ("Payments and statements", "money:finance"),
                           ("Assessment requests", "charging:assessment-requests"),
                           ("Look again", "charging:reconsiderations"),
                           ("Charging policy", "charging:policy"),
                           ("Charging rates", "charging:rates"),
                           ("Allocation", "allocation:index"),
                           ("Calibration", "allocation:calibrate"), ("Fairness", "allocation:audit")],
    Role.COMMISSIONER: [("Home", "site:home"), ("Choices offered", "planning:choices-report"), ("Fairness", "allocation:audit"),
                        ("Client Level Data return", "insight:cld"),
                        ("Take-up", "insight:take-up"), ("Journey times", "insight:journey-times"),
                        ("Choice offered: groups", "insight:choice-offered"), ("Money", "insight:money"),
                        ("Outcomes", "insight:outcomes"),
                        ("Providers waiting", "market:waiting"), ("Reviews waiting", "market:reviews-waiting")],
    Role.BUDGET_HOLDER: [("Your personal budget", "site:home"), ("Ideas from other plans", "planning:examples"),
                         ("What a direct payment can buy", "planning:can-it-be-bought")],
    Role.NOMINATED_PERSON: [("People you act for", "site:home"), ("Ideas from other plans", "planning:examples"),
                            ("What a direct payment can buy", "planning:can-it-be-bought")],
    Role.PROVIDER: [("People you support", "site:home"), ("Fund statements", "money:fund-statements"),
                    ("Your directory entries", "market:yours")],
    Role.INDEPENDENT_ADVISER: [("People you advise", "site:home")],
    Role.RESEARCHER: [("Research data", "site:home")],
    Role.CARER: [("Your details as a carer", "carer-home")],
    Role.ADMINISTRATOR: [
        ("Home", "site:home"),
        ("People", "people:list"),
        ("Reviews due", "outcomes:reviews-due"),
        ("Dashboards", "site:dashboards"),
        ("Audit trail", "audit:search"),
        ("Subject access", "subject_access:index"),
        ("Retention", "retention:index"),
        ("Code lists", "people:reference-lists"),
        ("Sign-ins", "accounts:list"),
        ("Allocation", "allocation:index"),
        # An administrator is one of the few who may record what looking again found (charging.actions), and sets
        # the charging policy with finance (core.permissions).
        ("Look again", "charging:reconsiderations"),
        ("Charging policy", "charging:policy"),
        ("Charging rates", "charging:rates"),
        ("Client Level Data return", "insight:cld"),
        ("Providers waiting", "market:waiting"),
        ("Reviews waiting", "market:reviews-waiting"),
    ],
}

# The market directory's search, open to everyone, signed in or not: last in every menu.
FIND_SUPPORT = ("Find support", "market:search")


# Entries offered by the rule their pages check, to everyone it allows and to no one else: after "People", unless the
# role's list above places them.
_BY_RULE = [("Subject access", "subject_access:index", permissions.may_handle_subject_access)]


def _entries(user) -> list[tuple[str, str]]:
    entries = list(_NAV.get(Role(user.role), []))
    for text, name, rule in _BY_RULE:
        listed = (text, name) in entries
        if rule(user) and not listed:
            at = next((n + 1 for n, (_, listed_name) in enumerate(entries) if listed_name == "people:list"), len(entries))
            entries.insert(at, (text, name))
        elif listed and not rule(user):
            entries.remove((text, name))
    return [*entries, FIND_SUPPORT]


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.role:
        entries = [FIND_SUPPORT]  # signed out: the directory is open to anyone
    else:
        entries = _entries(user)
    path = request.path
    items = [{"text": text, "href": reverse(name)} for text, name in entries]
    matches = [i["href"] for i in items if (path == i["href"] if i["href"] == "/" else path.startswith(i["href"]))]
    best = max(matches, key=len) if matches else None
    for item in items:
        item["active"] = item["href"] == best
    return items
