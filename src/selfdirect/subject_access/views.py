"""Subject access requests' pages, for the person's team: the team's open requests by deadline, a person's requests,
logging one, and a request's page, from which it is gathered, reviewed item by item, approved, released and its
archive downloaded. A GET writes nothing but the audit trail (the archive is made again from the frozen review)."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from selfdirect.audit import actions as audit
from selfdirect.core import flows

from . import access, actions, forms, queries


def _request_url(got) -> str:
    return reverse("subject_access:request", args=[got.person.pk, got.record.pk])


@login_required
def index(request):
    """The open requests of the people the user's team works with, the soonest due first."""
    rows = queries.rows(queries.requests_in(access.people_for_list(request.user)))
    audit.record_each([row.person.pk for row in rows], actor=request.user, action=audit.Action.READ,
                      what="Listed on the subject access requests page")
    return render(request, "subject_access/index.html", {"rows": rows})


@login_required
def person(request, pk):
    found = access.person_for(request.user, pk, why="to see their subject access requests")
    return render(request, "subject_access/person.html", {
        "person": found, "rows": queries.rows(queries.requests_of(found)),
        "back_url": reverse("people:detail", args=[found.pk])})


@login_required
def new(request, pk):
    found = access.person_for(request.user, pk, why="to log a subject access request")
    form = forms.LogRequestForm(request.POST or None, person=found)
    done = flows.submit(request, form, lambda data: actions.log_request(found, actor=request.user, **data),
                        errors=actions.SubjectAccessError,
                        success=lambda made: f"Request logged: it must be answered by {made.due_on.day} "
                                             f"{made.due_on:%B %Y}",
                        redirect_to=lambda made: reverse("subject_access:request", args=[found.pk, made.pk]))
    return done or render(request, "core/form_page.html", {
        "form": form, "heading": "Log a subject access request", "caption": found.full_name,
        "intro": "Someone has asked for the information the council holds about this person (UK GDPR article 15). "
                 "It can come in any form, by anyone's words: it need not mention the law. The council must answer "
                 "within one month.",
        "back_url": reverse("subject_access:person", args=[found.pk]),
        "submit_text": "Log the request"}, status=flows.status(form))


def _page(request, got, *, forms_=None, status=200):
    sar = got.record
    views = queries.item_views(sar)
    context = {
        "person": got.person, "sar": sar, "got": got, "deadline": queries.deadline_of(sar), "stage": queries.stage(sar),
        "groups": queries.grouped(views), "counts": queries.counts(views), "authority": queries.authority_of(sar),
        "download_ends_on": queries.download_ends_on(sar), "team_may_download": queries.download_open(sar),
        "return_form": forms.ReturnForm(prefix="return"),
        "release_form": forms.ReleaseForm(prefix="release"),
    }
    context.update(forms_ or {})
    context["form"], context["extra_forms"] = context["return_form"], [context["release_form"]]
    return render(request, "subject_access/request.html", context, status=status)


@login_required
def detail(request, pk, sar_pk):
    return _page(request, access.request_for(request.user, pk, sar_pk))


@login_required
@require_POST
def gather(request, pk, sar_pk):
    got = access.request_for(request.user, pk, sar_pk)
    return flows.act(request, lambda: actions.gather(got.record, actor=request.user),
                     errors=actions.SubjectAccessError, redirect_to=_request_url(got),
                     success=lambda n: f"{n} items gathered: go through each one before it is released")


@login_required
@require_POST
def finish(request, pk, sar_pk):
    got = access.request_for(request.user, pk, sar_pk)
    return flows.act(request, lambda: actions.finish_review(got.record, actor=request.user),
                     errors=actions.SubjectAccessError, redirect_to=_request_url(got),
                     success="The review is sent to a manager to approve")


@login_required
@require_POST
def approve(request, pk, sar_pk):
    got = access.request_for(request.user, pk, sar_pk)
    if not got.manages:
        raise PermissionDenied
    return flows.act(request, lambda: actions.approve(got.record, actor=request.user),
                     errors=actions.SubjectAccessError, redirect_to=_request_url(got),
                     success="The release is approved")


@login_required
@require_POST
def return_review(request, pk, sar_pk):
    got = access.request_for(request.user, pk, sar_pk)
    if not got.manages:
        raise PermissionDenied
    form = forms.ReturnForm(request.POST, prefix="return")
    done = flows.submit(request, form, lambda data: actions.return_review(got.record, actor=request.user, **data),
                        errors=actions.SubjectAccessError, success="The review is returned to the reviewer",
                        redirect_to=_request_url(got))
    return done or _page(request, got, forms_={"return_form": form}, status=flows.status(form))


@login_required
@require_POST
def release(request, pk, sar_pk):
    got = access.request_for(request.user, pk, sar_pk)
    form = forms.ReleaseForm(request.POST, prefix="release")
    done = flows.submit(request, form, lambda data: actions.release(got.record, actor=request.user, **data),
                        errors=actions.SubjectAccessError, success="Released: the release is recorded",
                        redirect_to=_request_url(got))
    return done or _page(request, got, forms_={"release_form": form}, status=flows.status(form))


@login_required
def download(request, pk, sar_pk):
    """The released archive, made again from the frozen review and checked against the SHA-256 recorded when it was
    released; audited as an export."""
    got = access.request_for(request.user, pk, sar_pk)
    if not got.may_download:
        raise PermissionDenied
    sar = got.record
    out = tempfile.SpooledTemporaryFile(max_size=16 << 20)  # closed by the response when sent
    missing = queries.missing_files(sar)
    sha256 = "" if missing else queries.archive(sar, out, released_on=sar.released_on)
    if sha256 != sar.archive_sha256:
        out.close()
        return render(request, "subject_access/archive_changed.html", {
            "person": got.person, "sar": sar, "missing": missing, "back_url": _request_url(got)}, status=409)
    actions.record_download(sar, actor=request.user)
    response = FileResponse(out, as_attachment=True, content_type="application/zip",
                            filename=f"subject-access-{got.person.la_person_id}-{sar.pk}.zip")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _form_page(request, got, form, *, heading, intro, submit_text):
    return render(request, "core/form_page.html", {
        "form": form, "heading": heading, "caption": f"Subject access request {got.record.pk}: {got.person.full_name}",
        "intro": intro, "back_url": _request_url(got), "submit_text": submit_text}, status=flows.status(form))


@login_required
def extend(request, pk, sar_pk):
    got = access.request_for(request.user, pk, sar_pk)
    form = forms.ExtendForm(request.POST or None)
    done = flows.submit(request, form, lambda data: actions.extend(got.record, actor=request.user, **data),
                        errors=actions.SubjectAccessError,
                        success=lambda made: f"The deadline is extended to {made.due_on.day} {made.due_on:%B %Y}",
                        redirect_to=_request_url(got))
    first = got.record.first_due_on
    return done or _form_page(
        request, got, form, heading="Extend the deadline by two months",
        intro=f"Where a request is complex, or the person has made a number of requests, the deadline can be three "
              f"months from the start instead of one (UK GDPR article 12(3)). The requester must be told, with the "
              f"reason, by {first.day} {first:%B %Y}.", submit_text="Extend the deadline")


@login_required
def refuse(request, pk, sar_pk):
    got = access.request_for(request.user, pk, sar_pk)
    if not got.manages:
        raise PermissionDenied
    form = forms.RefuseForm(request.POST or None)
    done = flows.submit(request, form, lambda data: actions.refuse(got.record, actor=request.user, **data),
                        errors=actions.SubjectAccessError, success="The request is refused",
                        redirect_to=_request_url(got))
    return done or _form_page(
        request, got, form, heading="Refuse the request",
        intro="Only a request that is manifestly unfounded or excessive can be refused (UK GDPR article 12(5)), and "
              "the council must be able to show it. Most requests must be answered.", submit_text="Refuse the request")


def _item_page(request, got, item, *, redact_form=None, withhold_form=None, status=200):
    redact_form = redact_form or forms.RedactForm(item=item, prefix="redact")
    withhold_form = withhold_form or forms.WithholdForm(item=item, prefix="withhold")
    authority = queries.authority_of(got.record)
    return render(request, "subject_access/item.html", {
        "form": redact_form, "extra_forms": [withhold_form], "person": got.person, "sar": got.record, "got": got,
        "view": queries.item_view(item, authority), "item": item, "authority": authority,
        "editable": got.record.state in ("gathered", "in_review") and got.record.review_done_at is None,
        "redact_form": redact_form, "withhold_form": withhold_form,
        "back_url": _request_url(got)}, status=status)


def _item_url(got, item) -> str:
    return reverse("subject_access:item", args=[got.person.pk, got.record.pk, item.pk])


@login_required
def item(request, pk, sar_pk, sar_item_pk):
    got, found = access.item_for(request.user, pk, sar_pk, sar_item_pk)
    return _item_page(request, got, found)


@login_required
@require_POST
def redact(request, pk, sar_pk, sar_item_pk):
    got, found = access.item_for(request.user, pk, sar_pk, sar_item_pk)
    form = forms.RedactForm(request.POST, item=found, prefix="redact")
    done = flows.submit(request, form, lambda data: actions.redact(found, actor=request.user, **data),
                        errors=actions.SubjectAccessError,
                        success=lambda made: f"Redacted in {len(made)} place{'' if len(made) == 1 else 's'}",
                        redirect_to=_item_url(got, found))
    return done or _item_page(request, got, found, redact_form=form, status=flows.status(form))


@login_required
@require_POST
def withhold(request, pk, sar_pk, sar_item_pk):
    got, found = access.item_for(request.user, pk, sar_pk, sar_item_pk)
    form = forms.WithholdForm(request.POST, item=found, prefix="withhold")
    done = flows.submit(request, form, lambda data: actions.withhold(found, actor=request.user, **data),
                        errors=actions.SubjectAccessError, success="The item is withheld",
                        redirect_to=_item_url(got, found))
    return done or _item_page(request, got, found, withhold_form=form, status=flows.status(form))


@login_required
@require_POST
def withdraw(request, pk, sar_pk, sar_item_pk):
    got, found = access.item_for(request.user, pk, sar_pk, sar_item_pk)
    return flows.act(request, lambda: actions.withdraw(found, request.POST.get("redaction"), actor=request.user),
                     errors=actions.SubjectAccessError, redirect_to=_item_url(got, found),
                     success="The redaction is taken back")

