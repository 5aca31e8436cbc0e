"""A provider's statement of the individual service funds it holds, sent by the provider itself: what it spent from
each fund (and the hours, where it says), each line posted as spending from the fund, so that the person whose fund it
is sees it on their home page (money.queries.funds_of). Finance imports the same files on its statement page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from selfdirect.audit import actions as audit
from selfdirect.people import access as people_access

from . import access, actions, forms, queries, statements


@login_required
def fund_statements(request):
    """Small: a provider's statement holds the lines of the funds it holds, so it is imported while the page waits."""
    organisation = access.provider_organisation(request.user)
    form = forms.FundStatementForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["statement"]
        layout = form.cleaned_data["layout"]
        try:  # the upload's bytes, read as a stream: the action decides how they are encoded
            report = actions.import_fund_statement(
                upload, name=upload.name, actor=request.user, mapping=statements.Mapping(**forms.FUND_LAYOUTS[layout]),
                account_ref=form.cleaned_data["fund"].strip() if layout == "one_fund" else "")
        except statements.StatementError as problem:
            form.add_error("statement", f"{problem}. Nothing was imported.")
        except actions.MoneyError as problem:
            form.add_error(None, str(problem))
        else:
            if not report.refused:
                messages.success(request, f"{report.read_as}: {report.summary()}")
                return redirect("money:fund-statements")
    funds = queries.funds_held_by(organisation, people_access.people_visible_to(request.user))
    audit.record_each([fund.case.person_id for fund in funds], actor=request.user, action=audit.Action.READ,
                      what="Listed the individual service funds the provider holds")
    return render(request, "money/fund_statements.html", {
        "form": form, "report": report, "funds": funds, "back_url": reverse("site:home"),
        "date_examples": statements.date_examples(), "encodings": [statements.UTF8, statements.WINDOWS_1252]},
        status=400 if form.errors else 200)
