from decimal import Decimal

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.accounts.models import Organisation
from selfdirect.core.api import problems_from
from selfdirect.journey import actions as journey_actions
from selfdirect.journey.access import case_for

from . import access, actions, queries, rules_explainer
from .costing import DELIVERY_OPTIONS, ITEM_DELIVERY, ITEM_PERIODS
from .models import ChoiceRecord, PlanItem, PlanProposal


class OutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    in_own_words = serializers.CharField(max_length=2000)
    how_met = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    description = serializers.CharField(max_length=200)
    supplier_kind = serializers.ChoiceField(choices=PlanItem.SupplierKind.choices)
    supplier_name = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), required=False,
                                                      allow_null=True, default=None)
    unit = serializers.CharField(max_length=40)
    unit_cost_pence = serializers.IntegerField(min_value=0)
    quantity = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0.01"))
    period = serializers.ChoiceField(choices=ITEM_PERIODS)
    weekly_cost_pence = serializers.IntegerField(read_only=True)
    delivery = serializers.CharField(read_only=True, help_text="How the item's money is managed ('' until chosen)")
    direct_payment_verdict = serializers.SerializerMethodField(
        help_text="The council's spending rules on a direct payment for this item: allowed, needs_agreement or not_allowed")
    direct_payment_reason = serializers.CharField(
        read_only=True, help_text="The worker's reason for a direct payment the rules say no to ('' if none)")

    def get_direct_payment_verdict(self, item) -> str:
        return rules_explainer.explain(item.description, household_relative_pa=item.pa_is_household_relative).verdict


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    delivery_option = serializers.CharField()
    difference_reason = serializers.CharField(help_text="The worker's reason the plan differs from the indicative budget")
    weekly_total_pence = serializers.IntegerField()
    indicative_weekly_pence = serializers.SerializerMethodField()
    difference_pence = serializers.SerializerMethodField(help_text="Plan minus indicative budget, a week (null without one)")
    difference_reason_needed = serializers.SerializerMethodField(
        help_text="The difference is more than the council's share (SELFDIRECT_PLAN_DIFFERENCE_SHARE), so a reason is needed")
    outcomes = OutcomeSerializer(many=True, source="outcomes.all")
    items = ItemSerializer(many=True, source="items.all")

    def get_indicative_weekly_pence(self, plan) -> int | None:
        return queries.cost_of(plan).indicative_weekly_pence

    def get_difference_pence(self, plan) -> int | None:
        return queries.cost_of(plan).difference_pence

    def get_difference_reason_needed(self, plan) -> bool:
        return queries.difference_reason_needed(plan)


class PlanChangeSerializer(serializers.Serializer):
    difference_reason = serializers.CharField(max_length=2000,
                                              help_text="Why the draft plan costs more or less than the indicative budget")


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "return"])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate(self, data):
        if data["decision"] == "return" and not data["comment"].strip():
            raise serializers.ValidationError({"comment": ["Say what needs to change"]})
        return data


class MoneySerializer(serializers.Serializer):
    delivery_option = serializers.ChoiceField(choices=DELIVERY_OPTIONS, required=False, allow_blank=True, default="",
                                              help_text="One option for every item (not 'mixed')")
    deliveries = serializers.DictField(child=serializers.ChoiceField(choices=ITEM_DELIVERY), required=False, default=dict,
                                       help_text="Item id to option, for a mix")
    reasons = serializers.DictField(child=serializers.CharField(max_length=2000), required=False, default=dict,
                                    help_text="Item id to the worker's reason, for a direct payment the spending rules "
                                              "say no to")

    def validate(self, data):
        if not data["delivery_option"] and not data["deliveries"]:
            raise serializers.ValidationError({"deliveries": ["Give delivery_option, or deliveries item by item"]})
        if data["delivery_option"] == "mixed":
            raise serializers.ValidationError({"delivery_option": ["For a mix, give deliveries item by item"]})
        return data


class ChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    option = serializers.ChoiceField(choices=DELIVERY_OPTIONS)
    offered = serializers.BooleanField()
    how = serializers.ChoiceField(choices=ChoiceRecord.How.choices, required=False, allow_blank=True, default="")
    decision = serializers.ChoiceField(choices=ChoiceRecord.Decision.choices, required=False, allow_blank=True, default="")
    not_offered_reason = serializers.ChoiceField(choices=ChoiceRecord.NotOffered.choices, required=False, allow_blank=True, default="")
    reason_text = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    recorded_at = serializers.DateTimeField(read_only=True)


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=PlanProposal.Kind.choices)
    details = serializers.JSONField()
    status = serializers.CharField(read_only=True)
    response = serializers.CharField(read_only=True)


class ResponseSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    response = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ArrangeSerializer(serializers.Serializer):
    arranged_with = serializers.CharField(max_length=160)
    starts_on = serializers.DateField()


class StartSerializer(serializers.Serializer):
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)


class DirectPaymentSetupSerializer(serializers.Serializer):
    recipient = serializers.ChoiceField(choices=["person", "nominated", "authorised"])
    recipient_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=160)
    capacity_and_consent = serializers.BooleanField(default=False)
    agreement_signed_on = serializers.DateField(required=False, allow_null=True, default=None)
    account_kind = serializers.ChoiceField(choices=["bank", "prepaid"], required=False, allow_blank=True, default="")
    account_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    sort_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=8)
    account_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=10)
    employer_responsibilities = serializers.BooleanField(default=False)
    support_organisation_offered = serializers.BooleanField(default=False)


@extend_schema(methods=["GET"], responses=PlanSerializer, summary="The plan being worked on (draft, submitted or approved)")
@extend_schema(methods=["PATCH"], request=PlanChangeSerializer, responses=PlanSerializer,
               summary="Record why the draft plan costs more or less than the indicative budget")
@api_view(["GET", "PATCH"])
def plan(request, pk):
    if request.method == "PATCH":
        _, case = case_for(request.user, pk, change=True, channel="api")
        serializer = PlanChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with problems_from(actions.PlanError):
            made = actions.set_difference_reason(case, actor=request.user, channel="api",
                                                 reason=serializer.validated_data["difference_reason"])
        return Response(PlanSerializer(made).data)
    found = access.plan_for(request.user, pk, channel="api", plan="working").record
    if found is None:
        raise Http404("No plan yet")
    return Response(PlanSerializer(found).data)


@extend_schema(request=OutcomeSerializer, responses={201: OutcomeSerializer}, summary="Add an outcome to the draft plan")
@api_view(["POST"])
def add_outcome(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = OutcomeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PlanError):
        made = actions.add_outcome(case, actor=request.user, channel="api", **serializer.validated_data)
    return Response(OutcomeSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=ItemSerializer, responses={201: ItemSerializer}, summary="Add a costed item to the draft plan")
@api_view(["POST"])
def add_item(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = ItemSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PlanError):
        made = actions.add_item(case, actor=request.user, channel="api", **serializer.validated_data)
    return Response(ItemSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=None, responses=PlanSerializer, summary="Submit the draft plan for agreement")
@api_view(["POST"])
def submit(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    with problems_from(journey_actions.JourneyError):
        made = actions.submit_plan(case, actor=request.user, channel="api")
    return Response(PlanSerializer(made).data)


@extend_schema(request=DecisionSerializer, responses=PlanSerializer, summary="Approve or return a submitted plan")
@api_view(["POST"])
def decide(request, pk):
    case = access.plan_for(request.user, pk, channel="api", approve=True).case
    serializer = DecisionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    verb = actions.approve_plan if serializer.validated_data["decision"] == "approve" else actions.return_plan
    with problems_from(journey_actions.JourneyError):
        made = verb(case, actor=request.user, comment=serializer.validated_data["comment"], channel="api")
    return Response(PlanSerializer(made).data)


@extend_schema(request=MoneySerializer, responses=PlanSerializer,
               summary="Step 5: how the money for each item is managed (one option, or item by item for a mix)")
@api_view(["POST"])
def organise_money(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = MoneySerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        deliveries = {int(k): v for k, v in data["deliveries"].items()}
    except ValueError:
        raise serializers.ValidationError({"deliveries": ["Keys must be item ids"]}) from None
    try:
        reasons = {int(k): v for k, v in data["reasons"].items()}
    except ValueError:
        raise serializers.ValidationError({"reasons": ["Keys must be item ids"]}) from None
    # A reason is asked for item by item ("reasons.12"); an item without a way to manage its money cannot be organised.
    with problems_from(actions.PlanError, field=lambda p: f"reasons.{p.item_id}" if p.field == "reasons" else None):
        made = actions.organise_money(case, actor=request.user, delivery_option=data["delivery_option"],
                                      deliveries=deliveries, reasons=reasons, channel="api")
    return Response(PlanSerializer(made).data)


@extend_schema(methods=["GET"], responses=ChoiceSerializer(many=True), summary="Every option offered or not, and why")
@extend_schema(methods=["POST"], request=ChoiceSerializer, responses={201: ChoiceSerializer},
               summary="Record that an option was explained and the person's decision, or why it was not offered")
@api_view(["GET", "POST"])
def choices(request, pk):
    if request.method == "GET":
        _, case = case_for(request.user, pk, channel="api", section="plan")
        return Response(ChoiceSerializer(case.choice_records.all(), many=True).data)
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = ChoiceSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PlanError, field=lambda _: "non_field_errors"):  # every refusal is about the record sent
        made = actions.record_choice(case, actor=request.user, channel="api", **serializer.validated_data)
    return Response(ChoiceSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=ProposalSerializer, responses={201: ProposalSerializer},
               summary="The budget holder or their family suggests a change; it waits for the worker")
@api_view(["POST"])
def propose(request, pk):
    case = access.plan_for(request.user, pk, channel="api", propose=True).case
    serializer = ProposalSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PlanError):
        made = actions.propose(case, actor=request.user, channel="api", **serializer.validated_data)
    return Response(ProposalSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=ResponseSerializer, responses=ProposalSerializer, summary="The worker accepts or declines a suggestion")
@api_view(["POST"])
def respond(request, pk, proposal_pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    access.require_own(case, proposal_pk=proposal_pk)
    serializer = ResponseSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PlanError):
        made = actions.respond_to_proposal(case, proposal_pk, actor=request.user, channel="api", **serializer.validated_data)
    return Response(ProposalSerializer(made).data)


@extend_schema(request=DirectPaymentSetupSerializer, responses=DirectPaymentSetupSerializer,
               summary="The direct payment set-up checklist")
@api_view(["POST"])
def direct_payment_setup(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = DirectPaymentSetupSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PlanError):
        made = actions.save_direct_payment_setup(case, actor=request.user, channel="api", **serializer.validated_data)
    return Response(DirectPaymentSetupSerializer(made).data)


@extend_schema(request=ArrangeSerializer, responses=ItemSerializer,
               summary="Mark an item arranged: who provides it and when it starts (the budget holder can do this)")
@api_view(["POST"])
def arrange(request, pk, item_pk):
    case = access.plan_for(request.user, pk, channel="api", take_part=True).case
    access.require_own(case, item_pk=item_pk)
    serializer = ArrangeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PlanError):
        made = actions.arrange_item(case, item_pk, actor=request.user, channel="api", **serializer.validated_data)
    return Response(ItemSerializer(made).data)


@extend_schema(request=StartSerializer, responses=None, summary="Start support once everything in step 5 is done")
@api_view(["POST"])
def start(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = StartSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(journey_actions.JourneyError):
        moved = actions.start_support(case, actor=request.user, starts_on=serializer.validated_data["starts_on"], channel="api")
    return Response({"state": moved.state, "next_review_on": moved.next_review_on})
