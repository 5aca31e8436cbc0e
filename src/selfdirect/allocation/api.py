"""The assessment through the API: the eligibility decision outcome by outcome and, for eligible needs, the
indicative budget with the Resource Allocation System's figure (so it lives here, above assessment)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.assessment import eligibility
from selfdirect.assessment.actions import AssessmentError
from selfdirect.assessment.queries import latest_assessment_for
from selfdirect.core.api import DomainConflict
from selfdirect.journey import actions as journey_actions
from selfdirect.journey.access import case_for

from . import actions


class FindingSerializer(serializers.Serializer):
    """One outcome (reg. 2(2)): the meanings of "unable" that apply (reg. 2(3)), the evidence, fluctuation (reg. 2(4))."""

    outcome = serializers.ChoiceField(choices=[c for c, _ in eligibility.OUTCOMES])
    meanings = serializers.ListField(child=serializers.ChoiceField(choices=[c for c, _, _ in eligibility.MEANINGS]),
                                     required=False, default=list)
    evidence = serializers.CharField(allow_blank=True, required=False, default="", max_length=eligibility.EVIDENCE_MAX)
    fluctuates = serializers.BooleanField(required=False, default=False)
    fluctuation_period = serializers.CharField(allow_blank=True, required=False, default="",
                                               max_length=eligibility.PERIOD_MAX)
    legacy = serializers.BooleanField(read_only=True)


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    arises_from_impairment = serializers.BooleanField()
    findings = FindingSerializer(many=True)
    outcomes_unable = serializers.ListField(child=serializers.CharField(), read_only=True)
    significant_impact_on_wellbeing = serializers.BooleanField()
    wellbeing_areas = serializers.ListField(
        child=serializers.ChoiceField(choices=[c for c, _, _ in eligibility.WELLBEING_AREAS]), required=False, default=list)
    wellbeing_impact = serializers.CharField(allow_blank=True, required=False, default="", max_length=eligibility.IMPACT_MAX)
    advice = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000,
                                   help_text="Information and advice where the needs are not eligible (Care Act 2014 s.13(5))")
    indicative_weekly_pence = serializers.IntegerField(min_value=0, allow_null=True, required=False, default=None)
    indicative_reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)
    override_reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)
    ras_weekly_pence = serializers.IntegerField(read_only=True, allow_null=True)
    eligible = serializers.BooleanField(read_only=True)
    decision_text = serializers.CharField(read_only=True)
    completed_at = serializers.DateTimeField(read_only=True)


@extend_schema(methods=["GET"], responses={200: AssessmentSerializer}, summary="The latest assessment, outcome by outcome")
@extend_schema(methods=["POST"], request=AssessmentSerializer, responses={201: AssessmentSerializer},
               summary="Record the eligibility decision outcome by outcome and, for eligible needs, the indicative "
                       "budget; eligible needs with a budget move the case to planning")
@api_view(["GET", "POST"])
def record(request, pk):
    if request.method == "GET":
        _, case = case_for(request.user, pk, section="care", channel="api", why="to read the assessment")
        made = latest_assessment_for(case)
        if made is None:
            raise Http404("No assessment yet")
        return Response(AssessmentSerializer(made).data)
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = AssessmentSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    data["findings"] = [dict(f) for f in data["findings"]]
    try:
        made = actions.record_assessment(case, actor=request.user, channel="api", **data)
    except AssessmentError as problem:
        field = problem.field.split("-", 1)[0] if "-" in problem.field else problem.field
        key = "findings" if field in eligibility.OUTCOME_LABELS else field
        raise serializers.ValidationError({key: [str(problem)]}) from None
    except journey_actions.JourneyError as problem:
        raise DomainConflict(str(problem)) from None
    return Response(AssessmentSerializer(made).data, status=status.HTTP_201_CREATED)
