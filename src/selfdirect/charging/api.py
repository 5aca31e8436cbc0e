from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.api import DomainConflict, FieldProblem
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
        try:
            made = actions.record_assessment(person, request.data, actor=request.user, channel="api")
        except actions.ChargingError as problem:
            raise FieldProblem(problem.field or "input", str(problem)) from None
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


def _request_problem(problem):
    if problem.field:
        return FieldProblem(problem.field, str(problem))
    return DomainConflict(str(problem))


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
        try:
            made = actions.request_assessment(person, actor=request.user, note=serializer.validated_data["note"],
                                              channel="api")
        except actions.RequestError as problem:
            raise _request_problem(problem) from None
        return Response(AskedAssessmentSerializer(made).data, status=status.HTTP_201_CREATED)
    return Response(AskedAssessmentSerializer(queries.requests_for(person), many=True).data)


@extend_schema(request=None, responses=AskedAssessmentSerializer,
               summary="The finance team starts work on a requested financial assessment")
@api_view(["POST"])
def start_assessment_request(request, pk, request_pk):
    person = _person(request, pk)
    if not permissions.may_assess_charges(request.user):
        raise PermissionDenied
    try:
        started = actions.start_request(queries.request_for(person, request_pk), actor=request.user, channel="api")
    except actions.RequestError as problem:
        raise _request_problem(problem) from None
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
    try:
        cancelled = actions.cancel_request(queries.request_for(person, request_pk), actor=request.user,
                                           reason=serializer.validated_data["reason"], channel="api")
    except actions.RequestError as problem:
        raise _request_problem(problem) from None
    return Response(AskedAssessmentSerializer(cancelled).data)


@extend_schema(responses=QueuedAskedAssessmentSerializer(many=True),
               summary="Finance's queue: requests for a financial assessment not yet done, oldest first, paged")
@api_view(["GET"])
def assessment_request_queue(request):
    from django.utils import timezone
    from rest_framework.pagination import LimitOffsetPagination

    if not permissions.may_assess_charges(request.user):
        raise PermissionDenied
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(queries.open_requests(), request)
    audit.record_each([r.person_id for r in page], actor=request.user, action=audit.Action.READ, channel="api",
                      what="Listed requests for a financial assessment")
    return paginator.get_paginated_response(
        QueuedAskedAssessmentSerializer(page, many=True, context={"today": timezone.localdate()}).data)
