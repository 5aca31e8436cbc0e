"""Service navigation by role: each role sees the parts of the service it uses, and nothing else."""

from django.urls import reverse

from selfdirect.accounts.roles import Role

_NAV = {
    Role.SOCIAL_WORKER: [("Home", "core:home"), ("People", "people:list")],
    Role.TEAM_MANAGER: [("Home", "core:home"), ("People", "people:list"), ("Audit trail", "audit:search")],
    Role.FINANCE_OFFICER: [("Home", "core:home"), ("People", "people:list")],
    Role.COMMISSIONER: [("Home", "core:home")],
    Role.BUDGET_HOLDER: [("My budget", "core:home")],
    Role.NOMINATED_PERSON: [("People I act for", "core:home")],
    Role.PROVIDER: [("People we support", "core:home")],
    Role.INDEPENDENT_ADVISER: [("People I advise", "core:home")],
    Role.RESEARCHER: [("Research data", "core:home")],
    Role.ADMINISTRATOR: [
        ("Home", "core:home"),
        ("People", "people:list"),
        ("Audit trail", "audit:search"),
        ("Code lists", "people:reference-lists"),
    ],
}


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.role:
        return []
    path = request.path
    items = []
    for text, name in _NAV.get(Role(user.role), []):
        href = reverse(name)
        active = path == href if href == "/" else path.startswith(href)
        items.append({"text": text, "href": href, "active": active})
    return items
