"""Retention's pages, for administrators: the schedule in force and its versions (and changing it), the people due for
erasure as of today with why each is due, a person's erasure page (what is held and what erasure would do, then a POST
"Erase", then the record of what was erased), and legal holds. A GET writes nothing but the audit trail."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from selfdirect.audit import actions as audit
from selfdirect.core import flows
from selfdirect.core.words import counted

from . import access, actions, forms, queries, schedule


@login_required
def index(request):
    access.require_manager(request.user)
    return render(request, "retention/index.html", {
        "in_force": queries.schedule_in_force(), "versions": queries.schedule_versions(), "kinds": schedule.KINDS,
        "erasures": queries.erasures(20)})


@login_required
def edit_schedule(request):
    access.require_manager(request.user)
    in_force = queries.schedule_in_force()
    form = forms.ScheduleForm(request.POST or None, periods=in_force.periods)
    done = flows.submit(request, form, lambda data: actions.set_schedule(actor=request.user, periods=form.periods(),
                                                                          reason=data["reason"]),
                        errors=actions.RetentionError,
                        success=lambda made: f"Version {made.number} of the retention schedule is in force",
                        redirect_to=reverse("retention:index"))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Change the retention schedule", "caption": "Retention",
        "back_url": reverse("retention:index"),
        "intro": f"How long each kind of record is kept (version {in_force.version} is in force). A change is a new "
                 "version: every erasure records the version it was made under.",
        "submit_text": "Save a new version"}, status=flows.status(form))


@login_required
def due(request):
    access.require_manager(request.user)
    today = timezone.localdate()
    due_rows, kept_rows = queries.past_the_schedule(today)
    audit.record_each([row.person for row in due_rows + kept_rows], actor=request.user, action=audit.Action.READ,
                      what="Listed people past the retention schedule")
    return render(request, "retention/due.html", {"today": today, "due": due_rows, "kept": kept_rows,
                                                  "in_force": queries.schedule_in_force()})


def _person_page(request, got, *, erase_form=None, hold_form=None, lift_form=None, status=200):
    person = got.record
    erasure = queries.erasure_of(person)
    context = {"person": person, "erasure": erasure, "today": timezone.localdate(),
               "back_url": reverse("retention:due")}
    if erasure is not None:
        context["erased"] = queries.counted_parts(erasure.counts)
        return render(request, "retention/person.html", context, status=status)
    in_force = queries.schedule_in_force()
    decision = queries.decision_for(person, in_force.periods)
    hold = queries.open_hold_of(person)
    context.update({
        "in_force": in_force, "decision": decision, "refusal": decision.refusal(context["today"]),
        "preview": queries.preview(person).parts, "hold": hold, "holds": list(queries.holds_of(person)),
        "form": erase_form or forms.EraseForm(),
        "hold_form": None if hold else (hold_form or forms.PlaceHoldForm(prefix="hold")),
        "lift_form": (lift_form or forms.LiftHoldForm(prefix="lift")) if hold else None})
    context["extra_forms"] = [f for f in (context["hold_form"], context["lift_form"]) if f is not None]
    return render(request, "retention/person.html", context, status=status)


@login_required
def person(request, pk):
    return _person_page(request, access.person_for(request.user, pk))


@login_required
@require_POST
def erase(request, pk):
    got = access.person_for(request.user, pk)
    form = forms.EraseForm(request.POST)
    done = flows.submit(request, form, lambda data: actions.erase(got.record, actor=request.user),
                        errors=actions.RetentionError,
                        success=lambda made: f"The records are erased: {counted(sum(made.counts.values()), 'record')} "
                                             "changed, deleted or purged",
                        redirect_to=reverse("retention:person", args=[got.record.pk]))
    return done or _person_page(request, got, erase_form=form, status=flows.status(form))


@login_required
@require_POST
def place_hold(request, pk):
    got = access.person_for(request.user, pk)
    form = forms.PlaceHoldForm(request.POST, prefix="hold")
    done = flows.submit(request, form, lambda data: actions.place_hold(got.record, actor=request.user,
                                                                       reason=data["reason"]),
                        errors=actions.RetentionError, success="The records are held: nothing of them is erased",
                        redirect_to=reverse("retention:person", args=[got.record.pk]))
    return done or _person_page(request, got, hold_form=form, status=flows.status(form))


@login_required
@require_POST
def lift_hold(request, pk):
    got = access.person_for(request.user, pk)
    form = forms.LiftHoldForm(request.POST, prefix="lift")
    done = flows.submit(request, form, lambda data: actions.lift_hold(got.record, actor=request.user,
                                                                      reason=data["reason"]),
                        errors=actions.RetentionError, success="The legal hold is lifted",
                        redirect_to=reverse("retention:person", args=[got.record.pk]))
    return done or _person_page(request, got, lift_form=form, status=flows.status(form))


def _place_by_reference(actor, data):
    found = queries.person_by_reference(data["reference"])
    if found is None:
        raise actions.RetentionError("There is no one with that council person reference", field="reference")
    return actions.place_hold(found, actor=actor, reason=data["reason"])


@login_required
def holds(request):
    access.require_manager(request.user)
    form = forms.HoldForm(request.POST or None)
    done = flows.submit(request, form, lambda data: _place_by_reference(request.user, data),
                        errors=actions.RetentionError,
                        success=lambda hold: f"The records of {hold.person.la_person_id} are held",
                        redirect_to=reverse("retention:holds"))
    if done:
        return done
    listed = list(queries.holds())
    audit.record_each(list({hold.person_id for hold in listed}), actor=request.user, action=audit.Action.READ,
                      what="Listed legal holds")
    return render(request, "retention/holds.html", {"form": form, "holds": listed,
                                                    "back_url": reverse("retention:index")},
                  status=flows.status(form))
