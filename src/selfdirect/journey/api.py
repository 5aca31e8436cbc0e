from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.core.api import DomainConflict

from . import actions
from .access import case_for
from .actions import TRANSITION_LABELS


class CaseEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    transition = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    reason = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True)


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    state = serializers.CharField()
    state_label = serializers.CharField()
    referred_on = serializers.DateField()
    route_of_access = serializers.CharField()
    support_started_on = serializers.DateField(allow_null=True)
    next_review_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    events = CaseEventSerializer(many=True, source="events.all")


class TransitionSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=sorted(TRANSITION_LABELS))
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


@extend_schema(responses=CaseSerializer, summary="The person's current case and its history")
@api_view(["GET"])
def case(request, pk):
    _, found = case_for(request.user, pk, channel="api", section="journey")
    return Response(CaseSerializer(found).data)


@extend_schema(request=TransitionSerializer, responses=CaseSerializer,
               summary="Move the case by a named transition (guarded; 409 with the reason when not allowed)")
@api_view(["POST"])
def transition(request, pk):
    _, found = case_for(request.user, pk, change=True, channel="api")
    serializer = TransitionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        moved = actions.move(found, serializer.validated_data["transition"], actor=request.user,
                              reason=serializer.validated_data["reason"], channel="api")
    except actions.JourneyError as problem:
        raise DomainConflict(str(problem)) from None
    return Response(CaseSerializer(moved).data)
