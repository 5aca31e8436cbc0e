from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.core.api import DomainConflict, problems_from
from selfdirect.planning import queries as planning

from . import access, actions, deferred, queries, statements
from .models import ContributionArrearsCheck, ContributionDebtRecovery


@extend_schema_serializer(component_name="DirectPaymentAccount")  # not the sign-in accounts' Account
class AccountSerializer(serializers.Serializer):
    reference = serializers.CharField()
    balances = serializers.DictField(child=serializers.IntegerField(), help_text="Ledger account key to balance in pence")
    weekly_pence = serializers.IntegerField()
    burn_weekly_pence = serializers.IntegerField()
    alerts = serializers.ListField(child=serializers.CharField())


class SpendingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    spent_on = serializers.DateField()
    payee = serializers.CharField(max_length=160)
    amount_pence = serializers.IntegerField(min_value=1)
    item = serializers.IntegerField(required=False, allow_null=True, default=None, source="item_id")
    what_for = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True, default=None)


class StatementSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="File name; .ofx is read as OFX")
    text = serializers.CharField(help_text="The statement's contents", trim_whitespace=False)
    account = serializers.CharField(required=False, allow_blank=True, default="")
    mapping = serializers.DictField(required=False, default=dict)


class ImportReportSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    refused = serializers.ListField(child=serializers.CharField())


class ContributionInvoiceSerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.CharField(help_text="invoice, arrears or refund (a credit)")
    period_starts_on = serializers.DateField()
    period_ends_on = serializers.DateField()
    amount_pence = serializers.IntegerField(help_text="What is invoiced or, for a refund, credited")
    signed_pence = serializers.IntegerField(help_text="What it adds to what the person owes: a refund negative")
    status = serializers.CharField(help_text="issued, paid or credited")
    issued_on = serializers.DateField()
    paid_on = serializers.DateField(allow_null=True)
    explanation = serializers.CharField()


class RunSerializer(serializers.Serializer):
    run_date = serializers.DateField()
    report = serializers.JSONField()
    file_sha256 = serializers.CharField()


@extend_schema(responses=AccountSerializer, summary="The direct payment account: balances, weekly figures and alerts")
@api_view(["GET"])
def account(request, pk):
    case = access.account_for(request.user, pk, channel="api").case
    m = queries.monitor(case, today=timezone.localdate())
    return Response(AccountSerializer({"reference": actions.account_reference(case), "balances": queries.balances(case),
                                       "weekly_pence": m.weekly_pence, "burn_weekly_pence": m.burn_weekly_pence,
                                       "alerts": [a.message for a in m.alerts]}).data)


@extend_schema(methods=["GET"], responses=SpendingSerializer(many=True), summary="Spending the budget holder recorded")
@extend_schema(methods=["POST"], request=SpendingSerializer, responses={201: SpendingSerializer}, summary="Record spending")
@api_view(["GET", "POST"])
def spending(request, pk):
    if request.method == "GET":
        case = access.account_for(request.user, pk, channel="api").case
        return Response(SpendingSerializer(queries.spending_for(case), many=True).data)
    case = access.account_for(request.user, pk, channel="api", recording=True).case
    serializer = SpendingSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    item_id = data.pop("item_id")
    plan = planning.approved_plan_for(case)
    item = next((i for i in plan.items.all() if i.pk == item_id), None) if plan else None
    if item_id is not None and item is None:
        raise serializers.ValidationError({"item": ["That item is not in this person's approved plan"]})
    try:
        made = actions.record_spending(case, actor=request.user, item=item, channel="api", **data)
    except actions.MoneyError as problem:
        raise DomainConflict(str(problem)) from None
    return Response(SpendingSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=StatementSerializer, responses={201: ImportReportSerializer},
               summary="Import a CSV or OFX statement; lines already imported are skipped")
@api_view(["POST"])
def import_statement(request):
    access.require_finance(request.user)
    serializer = StatementSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        mapping = statements.Mapping.from_dict(data["mapping"]) if data["mapping"] else None
    except statements.StatementError as problem:
        raise serializers.ValidationError({"mapping": [f"{str(problem).removeprefix('mapping: ')}. Nothing was imported."]}) from None
    try:  # the text is taken as UTF-8; a file's bytes are read as UTF-8 or Windows-1252 by the page and the command
        report = actions.import_statement(data["text"], name=data["name"], actor=request.user, account_ref=data["account"],
                                          mapping=mapping)
    except statements.StatementError as problem:
        raise serializers.ValidationError({"text": [f"{problem}. Nothing was imported."]}) from None
    actions.reconcile()
    return Response(ImportReportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(responses=RunSerializer(many=True), summary="Payment runs, newest first")
@api_view(["GET"])
def runs(request):
    return Response(RunSerializer(access.payment_runs_for(request.user)[:50], many=True).data)


@extend_schema(responses=ContributionInvoiceSerializer(many=True),
               summary="A care home resident's contribution invoices, arrears and refunds, newest period first")
@api_view(["GET"])
def contribution_invoices(request, pk):
    person = access.account_for(request.user, pk, why="to see contribution invoices", channel="api").person
    return Response(ContributionInvoiceSerializer(queries.contribution_invoices_for(person), many=True).data)


class OverdueInvoiceSerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.CharField(help_text="invoice or arrears")
    period_starts_on = serializers.DateField()
    amount_pence = serializers.IntegerField()
    issued_on = serializers.DateField()


class ArrearsCheckSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    checked_on = serializers.DateField()
    owed_pence = serializers.IntegerField(read_only=True, help_text="Overdue when checked")
    income_changed = serializers.BooleanField()
    capacity = serializers.ChoiceField(choices=ContributionArrearsCheck.Capacity.choices)
    reassessment_needed = serializers.BooleanField()
    outcome = serializers.ChoiceField(choices=ContributionArrearsCheck.Outcome.choices)
    notes = serializers.CharField(max_length=4000)


class DebtRecoverySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    started_on = serializers.DateField(read_only=True)
    owed_pence = serializers.IntegerField(read_only=True, help_text="Overdue when started (within six years)")
    action = serializers.ChoiceField(choices=ContributionDebtRecovery.Action.choices)
    reason = serializers.CharField(max_length=4000, write_only=True)
    check = serializers.IntegerField(read_only=True, source="check_made_id", help_text="The check it follows")


class ArrearsSerializer(serializers.Serializer):
    owed_pence = serializers.IntegerField(help_text="Overdue now (0 when nothing is)")
    overdue_days = serializers.IntegerField(help_text="An invoice not paid this many days after issue is overdue")
    invoices = OverdueInvoiceSerializer(many=True)
    recoveries = DebtRecoverySerializer(many=True)
    checks = ArrearsCheckSerializer(many=True, required=False,
                                    help_text="The checks of the person's circumstances: finance only")


@extend_schema(responses=ArrearsSerializer,
               summary="A person's contribution invoices overdue, the recoveries started and (finance) the checks")
@api_view(["GET"])
def contribution_arrears(request, pk):
    found = access.account_for(request.user, pk, why="to see contributions overdue", channel="api")
    arrears = queries.arrears_of(found.person, today=timezone.localdate())
    checks, recoveries = queries.arrears_history(found.person)
    answer = {"owed_pence": arrears.owed_pence if arrears else 0, "overdue_days": settings.CONTRIBUTION_OVERDUE_DAYS,
              "invoices": arrears.invoices if arrears else [], "recoveries": recoveries}
    if found.finance:
        answer["checks"] = checks
    return Response(ArrearsSerializer(answer).data)


@extend_schema(request=ArrearsCheckSerializer, responses={201: ArrearsCheckSerializer},
               summary="Record a check of the circumstances of a person with contributions overdue (finance)")
@api_view(["POST"])
def contribution_arrears_check(request, pk):
    found = access.account_for(request.user, pk, why="to record a check of their circumstances", channel="api",
                               finance=True)
    serializer = ArrearsCheckSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.MoneyError):
        made = actions.record_arrears_check(found.case, actor=request.user, channel="api", **serializer.validated_data)
    return Response(ArrearsCheckSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=DebtRecoverySerializer, responses={201: DebtRecoverySerializer},
               summary="Start recovering a person's contributions overdue (finance): refused (409) without a check of "
                       "their circumstances since the oldest unpaid invoice that found the debt should be pursued")
@api_view(["POST"])
def contribution_recovery(request, pk):
    found = access.account_for(request.user, pk, why="to decide on recovering a debt", channel="api", finance=True)
    serializer = DebtRecoverySerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.MoneyError, field=lambda e: e.field if e.field in {"action", "reason"} else None):
        made = actions.start_debt_recovery(found.case, actor=request.user, on=timezone.localdate(), channel="api",
                                           **serializer.validated_data)
    return Response(DebtRecoverySerializer(made).data, status=status.HTTP_201_CREATED)


class DeferredPaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="offered, declined, active (in force) or ended")
    offered_on = serializers.DateField()
    starts_on = serializers.DateField()
    weekly_cost_pence = serializers.IntegerField()
    income_contribution_pence = serializers.IntegerField(help_text="Paid each week from income")
    weekly_deferred_pence = serializers.IntegerField()
    equity_limit_pence = serializers.IntegerField()
    interest_basis_points = serializers.IntegerField(allow_null=True, help_text="Null: the national maximum")
    owed_pence = serializers.IntegerField(help_text="What the ledger account holds now")
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField(allow_blank=True)
    sum_due_pence = serializers.IntegerField(allow_null=True)


@extend_schema(responses=DeferredPaymentSerializer(many=True),
               summary="A person's deferred payment agreements, with what is owed under each")
@api_view(["GET"])
def deferred_payments(request, pk):
    found = access.deferred_payments_for(request.user, pk, channel="api")
    return Response(DeferredPaymentSerializer([
        {**{name: getattr(a, name) for name in DeferredPaymentSerializer().fields if hasattr(a, name)},
         "owed_pence": deferred.owed_pence(a)} for a in found.record], many=True).data)
