from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.api import FieldProblem, problems_from
from selfdirect.people import access as people_access

from . import actions, queries


class FinancialAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    effective_date = serializers.DateField()
    financial_year = serializers.CharField()
    reason = serializers.CharField()
    weekly_cost_of_care_pence = serializers.IntegerField()
    weekly_contribution_pence = serializers.IntegerField()
    council_weekly_contribution_pence = serializers.IntegerField()
    full_cost = serializers.BooleanField()
    result = serializers.JSONField()


def _person(request, pk):
    person = people_access.person_for(request.user, pk, channel="api")
    if "charging" not in people_access.sections_for(request.user, person):
        raise PermissionDenied
    return person


@extend_schema(methods=["GET"], responses=FinancialAssessmentSerializer(many=True),
               summary="The person's financial assessments, newest (current) first")
@extend_schema(methods=["POST"], request=OpenApiTypes.OBJECT, responses={201: FinancialAssessmentSerializer},
               summary="Record a financial assessment from an input document (the `selfdirect charging assess` format)")
@api_view(["GET", "POST"])
def financial_assessments(request, pk):
    person = _person(request, pk)
    if request.method == "POST":
        if not permissions.may_assess_charges(request.user):
            raise PermissionDenied
        with problems_from(actions.ChargingError, field=lambda problem: problem.field or "input"):
            made = actions.record_assessment(person, request.data, actor=request.user, channel="api")
        return Response(FinancialAssessmentSerializer(made).data, status=status.HTTP_201_CREATED)
    return Response(FinancialAssessmentSerializer(queries.assessments_for(person), many=True).data)


class AskedAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    status = serializers.CharField(read_only=True)
    requested_at = serializers.DateTimeField(read_only=True)
    requested_by = serializers.CharField(source="requested_by.display_name", read_only=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    started_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True)
    assessment = serializers.IntegerField(source="assessment_id", read_only=True, allow_null=True)
    cancel_reason = serializers.CharField(read_only=True)


class QueuedAskedAssessmentSerializer(AskedAssessmentSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    working_days_waiting = serializers.SerializerMethodField()

    def get_working_days_waiting(self, obj) -> int:
        return queries.age_in_working_days(obj, self.context["today"])


class CancelAskedAssessmentSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="")


@extend_schema(methods=["GET"], responses=AskedAssessmentSerializer(many=True),
               summary="The person's requests for a financial assessment, newest first")
@extend_schema(methods=["POST"], request=AskedAssessmentSerializer, responses={201: AskedAssessmentSerializer},
               summary="Ask the finance team for a financial assessment (one open request a person at a time)")
@api_view(["GET", "POST"])
def assessment_requests(request, pk):
    person = _person(request, pk)
    if request.method == "POST":
        if not people_access.can_change(request.user, person):
            raise PermissionDenied
        serializer = AskedAssessmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with problems_from(actions.RequestError):
            made = actions.request_assessment(person, actor=request.user, note=serializer.validated_data["note"],
                                              channel="api")
        return Response(AskedAssessmentSerializer(made).data, status=status.HTTP_201_CREATED)
    return Response(AskedAssessmentSerializer(queries.requests_for(person), many=True).data)


@extend_schema(request=None, responses=AskedAssessmentSerializer,
               summary="The finance team starts work on a requested financial assessment")
@api_view(["POST"])
def start_assessment_request(request, pk, request_pk):
    person = _person(request, pk)
    if not permissions.may_assess_charges(request.user):
        raise PermissionDenied
    with problems_from(actions.RequestError):
        started = actions.start_request(queries.request_for(person, request_pk), actor=request.user, channel="api")
    return Response(AskedAssessmentSerializer(started).data)


@extend_schema(request=CancelAskedAssessmentSerializer, responses=AskedAssessmentSerializer,
               summary="Cancel an open request for a financial assessment, with the reason")
@api_view(["POST"])
def cancel_assessment_request(request, pk, request_pk):
    person = _person(request, pk)
    if not (permissions.may_assess_charges(request.user) or people_access.can_change(request.user, person)):
        raise PermissionDenied
    serializer = CancelAskedAssessmentSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.RequestError):
        cancelled = actions.cancel_request(queries.request_for(person, request_pk), actor=request.user,
                                           reason=serializer.validated_data["reason"], channel="api")
    return Response(AskedAssessmentSerializer(cancelled).data)


@extend_schema(responses=QueuedAskedAssessmentSerializer(many=True),
               summary="Finance's queue: requests for a financial assessment not yet done, oldest first, paged")
@api_view(["GET"])
def assessment_request_queue(request):
    if not permissions.may_assess_charges(request.user):
        raise PermissionDenied
    return _audited_queue(request, queries.open_requests(), QueuedAskedAssessmentSerializer,
                          what="Listed requests for a financial assessment")


def _audited_queue(request, rows, serializer, *, what):
    """A finance queue, paged, with the read of each person on the page audited before it is answered."""
    from django.utils import timezone
    from rest_framework.pagination import LimitOffsetPagination

    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(rows, request)
    audit.record_each([r.person_id for r in page], actor=request.user, action=audit.Action.READ, channel="api",
                      what=what)
    return paginator.get_paginated_response(serializer(page, many=True, context={"today": timezone.localdate()}).data)


# The council's charging policy (charging.policy): its versions, and a new version added.

class ChargingPolicyVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    effective_from = serializers.DateField()
    mig_uplift_weekly_pence = serializers.IntegerField(required=False)
    standard_dre_weekly_pence = serializers.IntegerField(required=False, allow_null=True)
    minimum_weekly_charge_pence = serializers.IntegerField(required=False)
    maximum_weekly_charge_pence = serializers.IntegerField(required=False, allow_null=True)
    charge_carers_support = serializers.BooleanField(required=False)
    night_care_disregard = serializers.ChoiceField(choices=["apply", "ignore"], required=False)
    direct_payment_contribution = serializers.ChoiceField(choices=["net", "gross"], required=False)
    short_stay_charging = serializers.ChoiceField(choices=["care_home", "community"], required=False,
                                                  help_text="How a short stay in a care home (8 weeks or less) is "
                                                            "charged: under the care-home rules, or as care at home "
                                                            "(Charging Regulations 2014, reg 8)")
    reason = serializers.CharField(allow_blank=True)
    imported_from_environment = serializers.BooleanField(read_only=True)
    created_by = serializers.CharField(source="created_by.display_name", read_only=True, allow_null=True, default=None)
    created_at = serializers.DateTimeField(read_only=True)


class ChargingPolicySerializer(serializers.Serializer):
    in_force_today = ChargingPolicyVersionSerializer(allow_null=True)
    versions = ChargingPolicyVersionSerializer(many=True)


@extend_schema(methods=["GET"], responses=ChargingPolicySerializer,
               summary="The council's charging policy: the version in force today and every version, newest first")
@extend_schema(methods=["POST"], request=ChargingPolicyVersionSerializer, responses={201: ChargingPolicyVersionSerializer},
               summary="Add a version of the charging policy from effective_from (after the latest version's); a "
                       "field left out keeps its value in the policy in force. Amounts in whole pence")
@api_view(["GET", "POST"])
def charging_policy(request):
    from django.utils import timezone

    if not permissions.may_read_charging_policy(request.user):
        raise PermissionDenied
    if request.method == "POST":
        if not permissions.may_set_charging_policy(request.user):
            raise PermissionDenied
        serializer = ChargingPolicyVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        effective_from, reason = data.pop("effective_from"), data.pop("reason")
        with problems_from(actions.PolicyChangeError):
            made = actions.set_policy(actor=request.user, effective_from=effective_from, values=data, reason=reason,
                                      channel="api")
        return Response(ChargingPolicyVersionSerializer(made).data, status=status.HTTP_201_CREATED)
    return Response(ChargingPolicySerializer({"in_force_today": queries.policy_version_on(timezone.localdate()),
                                              "versions": queries.policy_versions()}).data)


# Looking at an assessment again (issue 17): the person (or someone acting for them) asks; finance or the worker records
# a request made another way; finance records the outcome.

class ReconsiderationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    assessment = serializers.IntegerField(source="assessment_id", read_only=True)
    status = serializers.CharField(read_only=True)
    asked_at = serializers.DateTimeField(read_only=True)
    asked_via = serializers.ChoiceField(choices=["phone", "email", "letter", "in_person"], required=False,
                                        allow_blank=True, default="",
                                        help_text="How the person asked, when staff record it (the person's own "
                                                  "request is always online)")
    recorded_by = serializers.CharField(source="recorded_by.display_name", read_only=True)
    grounds = serializers.CharField(allow_blank=True, default="", trim_whitespace=False,
                                    help_text="What the person thinks is wrong")
    decided_at = serializers.DateTimeField(read_only=True)
    decided_by = serializers.CharField(source="decided_by.display_name", read_only=True, allow_null=True, default=None)
    outcome = serializers.CharField(read_only=True)
    explanation = serializers.CharField(read_only=True)
    new_assessment = serializers.IntegerField(source="new_assessment_id", read_only=True, allow_null=True)


class QueuedReconsiderationSerializer(ReconsiderationSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    working_days_waiting = serializers.SerializerMethodField()

    def get_working_days_waiting(self, obj) -> int:
        return queries.reconsideration_age_in_working_days(obj, self.context["today"])


class DecideReconsiderationSerializer(serializers.Serializer):
    outcome = serializers.CharField(allow_blank=True, default="", help_text='"unchanged" or "changed"')
    explanation = serializers.CharField(allow_blank=True, default="", trim_whitespace=False)
    new_assessment = serializers.IntegerField(required=False, allow_null=True, default=None,
                                              help_text="With \"changed\": the id of the person's assessment made "
                                                        "after they asked")


@extend_schema(methods=["GET"], responses=ReconsiderationSerializer(many=True),
               summary="The requests to look at one financial assessment again, newest first")
@extend_schema(methods=["POST"], request=ReconsiderationSerializer, responses={201: ReconsiderationSerializer},
               summary="Ask for the person's current financial assessment to be looked at again (one open at a time)")
@api_view(["GET", "POST"])
def look_again(request, pk, assessment_pk):
    person = _person(request, pk)
    assessment = queries.assessment_for(person, assessment_pk)
    if request.method == "POST":
        if not actions.may_ask_to_look_again(request.user, person):
            raise PermissionDenied
        serializer = ReconsiderationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with problems_from(actions.ReconsiderationError):
            made = actions.ask_to_look_again(assessment, actor=request.user, grounds=serializer.validated_data["grounds"],
                                             asked_via=serializer.validated_data["asked_via"], channel="api")
        return Response(ReconsiderationSerializer(made).data, status=status.HTTP_201_CREATED)
    return Response(ReconsiderationSerializer(queries.reconsiderations_for(person, assessment), many=True).data)


@extend_schema(request=DecideReconsiderationSerializer, responses=ReconsiderationSerializer,
               summary="Record what looking at the assessment again found (finance, not whoever made the assessment)")
@api_view(["POST"])
def decide_look_again(request, pk, assessment_pk, reconsideration_pk):
    person = _person(request, pk)
    if not actions.may_decide_reconsideration(request.user):
        raise PermissionDenied
    found = queries.reconsideration_for(person, reconsideration_pk)
    if found.assessment_id != assessment_pk:
        from django.http import Http404

        raise Http404("No such request to look again")
    serializer = DecideReconsiderationSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    new_assessment = None
    if data["new_assessment"] is not None:
        new_assessment = next((a for a in queries.assessments_made_since(found) if a.pk == data["new_assessment"]), None)
        if new_assessment is None:
            raise FieldProblem("new_assessment", "Select one of the person's assessments made after they asked")
    with problems_from(actions.ReconsiderationError):
        decided = actions.decide_reconsideration(found, actor=request.user, outcome=data["outcome"],
                                                 explanation=data["explanation"], new_assessment=new_assessment,
                                                 channel="api")
    return Response(ReconsiderationSerializer(decided).data)


@extend_schema(responses=QueuedReconsiderationSerializer(many=True),
               summary="Finance's queue: requests to look at an assessment again not yet decided, oldest first, paged")
@api_view(["GET"])
def look_again_queue(request):
    if not actions.may_decide_reconsideration(request.user):
        raise PermissionDenied
    return _audited_queue(request, queries.open_reconsiderations(), QueuedReconsiderationSerializer,
                          what="Listed requests to look at a financial assessment again")


# Top-ups (charging.top_ups): read-only; finance records them on the person's page.

class TopUpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text='"first_party" (the person pays) or "third_party" (someone else pays)')
    first_party_case = serializers.CharField(help_text='Why the person may pay it themselves: "twelve_week_disregard", '
                                                       '"deferred_payment" or "section_117" (blank for a third party)')
    payer_name = serializers.CharField()
    payer_relationship = serializers.CharField()
    care_home = serializers.CharField()
    weekly_price_pence = serializers.IntegerField()
    council_rate_pence = serializers.IntegerField()
    weekly_top_up_pence = serializers.IntegerField(help_text="The home's weekly price less the council's weekly rate")
    frequency = serializers.CharField()
    paid_to = serializers.CharField()
    agreed_on = serializers.DateField()
    agreement_reference = serializers.CharField()
    signed_by = serializers.CharField()
    review_on = serializers.DateField()
    if_payments_stop = serializers.CharField()
    status = serializers.CharField(help_text='"active", "ended" or "payments_stopped"')
    closed_on = serializers.DateField(allow_null=True)
    what_was_done = serializers.CharField()


@extend_schema(responses=TopUpSerializer(many=True),
               summary="The person's care home top-up agreements, newest first (read-only)")
@api_view(["GET"])
def top_ups(request, pk):
    person = _person(request, pk)
    return Response(TopUpSerializer(queries.top_ups_of(person), many=True).data)

