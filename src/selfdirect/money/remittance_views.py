"""The remittance advice of a paid run, for finance to send each payee (money.remittances): a page a payee with its CSV
and tagged PDF files, and one CSV file for the whole run. Finance's only, as the run is (access.payment_run_for); none
for a run only prepared. Each person a remittance names is audited: read on its page, exported in its files."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from selfdirect.audit import actions as audit
from selfdirect.core.downloads import csv_download
from selfdirect.core.pdfs import pdf_download

from . import access, queries, remittance_files


def _remittance(request, run_pk, pk, payee):
    run = access.payment_run_for(request.user, run_pk, paid=True).record
    found = queries.remittances_of(run, payee=(payee, pk))
    if not found:
        raise Http404("The run paid no such payee")
    return run, found[0]


@login_required
def remittance(request, run_pk, pk, payee):
    run, found = _remittance(request, run_pk, pk, payee)
    audit.record_each(found.people, actor=request.user, action=audit.Action.READ,
                      what=f"Read the remittance advice of {run.reference}")
    return render(request, "money/remittance.html", {
        "run": run, "r": found, "back_url": reverse("money:run", args=[run.pk]),
        "csv_url": reverse(f"money:{payee}-remittance-csv", args=[run.pk, pk]),
        "pdf_url": reverse(f"money:{payee}-remittance-pdf", args=[run.pk, pk])})


@login_required
def remittance_csv(request, run_pk, pk, payee):
    run, found = _remittance(request, run_pk, pk, payee)
    audit.record_each(found.people, actor=request.user, action=audit.Action.EXPORT,
                      what=f"Downloaded the remittance advice of {run.reference} (CSV)")
    return csv_download(remittance_files.csv_text(run, [found]), remittance_files.file_name(run, found, "csv"))


@login_required
def remittance_pdf(request, run_pk, pk, payee):
    run, found = _remittance(request, run_pk, pk, payee)
    audit.record_each(found.people, actor=request.user, action=audit.Action.EXPORT,
                      what=f"Downloaded the remittance advice of {run.reference} (PDF)")
    return pdf_download(remittance_files.pdf(run, found), remittance_files.file_name(run, found, "pdf"))


@login_required
def remittances_csv(request, run_pk):
    """Every payee's remittance advice in one CSV file."""
    run = access.payment_run_for(request.user, run_pk, paid=True).record
    found = queries.remittances_of(run)
    audit.record_each(list(dict.fromkeys(p for r in found for p in r.people)), actor=request.user,
                      action=audit.Action.EXPORT, what=f"Downloaded every remittance advice of {run.reference} (CSV)")
    return csv_download(remittance_files.csv_text(run, found), f"{run.reference}-remittances.csv")
