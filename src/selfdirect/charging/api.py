from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.accounts.roles import Role
from selfdirect.core.api import FieldProblem
from selfdirect.people import access as people_access

from . import actions, services


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
    if "charging" not in people_access.sections_for(request.user):
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
        if request.user.role not in {Role.FINANCE_OFFICER, Role.ADMINISTRATOR}:
            raise PermissionDenied
        try:
            made = actions.record_assessment(person, request.data, actor=request.user, channel="api")
        except actions.ChargingError as problem:
            raise FieldProblem(problem.field or "input", str(problem)) from None
        return Response(FinancialAssessmentSerializer(made).data, status=status.HTTP_201_CREATED)
    return Response(FinancialAssessmentSerializer(services.assessments_for(person), many=True).data)
