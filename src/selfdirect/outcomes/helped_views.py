"""What happened to the people I helped (outcomes.helped, docs/people-i-helped.md): a worker's page and a team's."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from selfdirect.core import flows, permissions

from . import access, actions, helped, queries
from .helped_forms import DigestForm


def _page(request, form, status=200):
    found = access.helped_page(request.user, request.GET.get("page"),
                               why="to see how things went for the people they helped")
    people = found.page.object_list
    unread = [r.review_id for p in people for r in p.reviews if r.unread]
    if unread:
        actions.mark_notices_read(request.user, unread)
    return render(request, "outcomes/helped.html", {
        "people": people, "page": found.page, "by_option": found.by_option, "form": form, "kinds": helped.KINDS,
    }, status=status)


@login_required
@require_GET
def helped_page(request):
    """The people this user helped on their way, their latest outcomes by delivery option, each review, and the
    stories they may read; new ones marked new (and then read). The email digest choice at the foot."""
    form = DigestForm(initial={"email": "yes" if queries.wants_digest(request.user) else "no"})
    return _page(request, form)


@login_required
@require_POST
def digest(request):
    if not permissions.may_read_helped(request.user):
        raise PermissionDenied
    form = DigestForm(request.POST)
    done = flows.submit(request, form, lambda data: actions.choose_digest(request.user, data["email"] == "yes"),
                        errors=(actions.HelpedError,), redirect_to=reverse("outcomes:helped"),
                        success=lambda choice: "We will email you when there is news" if choice.email
                        else "We will not email you about the people you helped")
    return done or _page(request, form, status=flows.status(form))


@login_required
@require_GET
def team_helped(request):
    """For a team manager: the people the members of their team helped, by delivery option and over time."""
    team_name = request.GET.get("team", "")
    found, teams = access.helped_page(request.user, request.GET.get("page"), team=True, team_name=team_name,
                                      why="to see how things went for the people their team helped")
    return render(request, "outcomes/helped_team.html", {
        "people": found.page.object_list, "page": found.page, "teams": teams, "by_option": found.by_option,
        "prefix": f"team={quote(team_name)}&" if team_name else "",
    })
