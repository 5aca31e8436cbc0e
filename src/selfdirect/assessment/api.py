from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.core.api import DomainConflict
from selfdirect.journey import services as journey
from selfdirect.journey.access import case_for

from . import actions, eligibility


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    arises_from_impairment = serializers.BooleanField()
    outcomes_unable = serializers.ListField(child=serializers.ChoiceField(choices=[c for c, _ in eligibility.OUTCOMES]))
    significant_impact_on_wellbeing = serializers.BooleanField()
    evidence = serializers.CharField(max_length=5000)
    indicative_weekly_pence = serializers.IntegerField(min_value=0, allow_null=True, required=False, default=None)
    indicative_reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)
    eligible = serializers.BooleanField(read_only=True)
    decision_text = serializers.CharField(read_only=True)


@extend_schema(request=AssessmentSerializer, responses={201: AssessmentSerializer},
               summary="Record the assessment; eligible needs with a budget move the case to planning")
@api_view(["POST"])
def record(request, pk):
    _, case = case_for(request.user, pk, change=True, channel="api")
    serializer = AssessmentSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        made = actions.record_assessment(case, actor=request.user, channel="api", **serializer.validated_data)
    except actions.AssessmentError as problem:
        raise serializers.ValidationError({"indicative_weekly_pence": [str(problem)]}) from None
    except journey.JourneyError as problem:
        raise DomainConflict(str(problem)) from None
    return Response(AssessmentSerializer(made).data, status=status.HTTP_201_CREATED)
