from decimal import Decimal

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.accounts.models import Organisation
from selfdirect.core.api import DomainConflict
from selfdirect.journey import services as journey
from selfdirect.journey.access import case_for

from . import actions, services
from .costing import DELIVERY_OPTIONS, ITEM_PERIODS
from .models import PlanItem


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


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    delivery_option = serializers.CharField()
    difference_reason = serializers.CharField()
    weekly_total_pence = serializers.IntegerField()
    outcomes = OutcomeSerializer(many=True, source="outcomes.all")
    items = ItemSerializer(many=True, source="items.all")


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "return"])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate(self, data):
        if data["decision"] == "return" and not data["comment"].strip():
            raise serializers.ValidationError({"comment": ["Say what needs to change"]})
        return data


class MoneySerializer(serializers.Serializer):
    delivery_option = serializers.ChoiceField(choices=DELIVERY_OPTIONS)
    starts_on = serializers.DateField()


def _conflict(problem):
    return DomainConflict(str(problem))


@extend_schema(responses=PlanSerializer, summary="The plan being worked on (draft, submitted or approved)")
@api_view(["GET"])
def plan(request, pk):
    _, case = case_for(request.user, pk, channel="api", section="plan")
    found = services.working_plan_for(case)
    if found is None:
        from django.http import Http404

        raise Http404("No plan yet")
    return Response(PlanSerializer(found).data)


@extend_schema(request=OutcomeSerializer, responses={201: OutcomeSerializer}, summary="Add an outcome to the draft plan")
@api_view(["POST"])
def add_outcome(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = OutcomeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        made = actions.add_outcome(case, actor=request.user, channel="api", **serializer.validated_data)
    except actions.PlanError as problem:
        raise _conflict(problem) from None
    return Response(OutcomeSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=ItemSerializer, responses={201: ItemSerializer}, summary="Add a costed item to the draft plan")
@api_view(["POST"])
def add_item(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = ItemSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        made = actions.add_item(case, actor=request.user, channel="api", **serializer.validated_data)
    except actions.PlanError as problem:
        raise _conflict(problem) from None
    return Response(ItemSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=None, responses=PlanSerializer, summary="Submit the draft plan for agreement")
@api_view(["POST"])
def submit(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    try:
        made = actions.submit_plan(case, actor=request.user, channel="api")
    except journey.JourneyError as problem:
        raise _conflict(problem) from None
    return Response(PlanSerializer(made).data)


@extend_schema(request=DecisionSerializer, responses=PlanSerializer, summary="Approve or return a submitted plan")
@api_view(["POST"])
def decide(request, pk):
    person, case = case_for(request.user, pk, channel="api")
    if not request.user.has_perm("people.approve_plan", person):
        raise PermissionDenied
    serializer = DecisionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    verb = actions.approve_plan if serializer.validated_data["decision"] == "approve" else actions.return_plan
    try:
        made = verb(case, actor=request.user, comment=serializer.validated_data["comment"], channel="api")
    except journey.JourneyError as problem:
        raise _conflict(problem) from None
    return Response(PlanSerializer(made).data)


@extend_schema(request=MoneySerializer, responses=PlanSerializer, summary="Choose the delivery option; support starts")
@api_view(["POST"])
def organise_money(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = MoneySerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        made = actions.organise_money(case, actor=request.user, channel="api", **serializer.validated_data)
    except (actions.PlanError, journey.JourneyError) as problem:
        raise _conflict(problem) from None
    return Response(PlanSerializer(made).data)
