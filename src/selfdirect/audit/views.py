from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from selfdirect.core import permissions

from . import actions, queries
from .models import AuditEvent


@login_required
def search(request):
    if not permissions.may_search_audit(request.user):
        raise PermissionDenied
    person = request.GET.get("person", "").strip()
    events = queries.search(
        text=request.GET.get("q", ""),
        person_id=int(person) if person.isdigit() else None,
        actor_username=request.GET.get("user", ""),
        action=request.GET.get("action", "") if request.GET.get("action", "") in AuditEvent.Action.values else "",
    )
    if permissions.audit_limited_to_own_team(request.user):
        # A team manager sees the trail for their own team's people.
        events = events.filter(person__team_id=request.user.team_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    # The page names each person whose events it shows: a read of what was done with their record
    named = list(dict.fromkeys(event.person_id for event in shown if event.person_id))
    if named:
        actions.record_each(named, actor=request.user, action=actions.Action.READ, what="Searched the audit trail")
    else:
        actions.record(actor=request.user, action=actions.Action.READ, what="Searched the audit trail")
    return render(request, "audit/search.html", {"page": page, "events": shown,
                                                 "actions": AuditEvent.Action.choices,
                                                 "params": request.GET})
