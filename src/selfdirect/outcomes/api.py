from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.core.api import DomainConflict, problems_from
from selfdirect.journey import actions as journey_actions

from . import access, actions, schedule
from .models import OutcomeRating, Review


class RatingSerializer(serializers.Serializer):
    outcome = serializers.IntegerField()
    rating = serializers.ChoiceField(choices=OutcomeRating.Rating.choices)


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    held_on = serializers.DateField()
    summary = serializers.CharField(max_length=5000)
    decision = serializers.ChoiceField(choices=Review.Decision.choices)
    ratings = RatingSerializer(many=True, write_only=True)


@extend_schema(request=ReviewSerializer, responses={201: ReviewSerializer},
               summary="Record a review: support continues, the journey starts again, or the case closes")
@api_view(["POST"])
def record(request, pk):
    case = access.review_for(request.user, pk, channel="api").case
    serializer = ReviewSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        made = actions.record_review(case, actor=request.user, held_on=data["held_on"], summary=data["summary"],
                                     decision=data["decision"], ratings={r["outcome"]: r["rating"] for r in data["ratings"]},
                                     channel="api")
    except actions.ReviewError as problem:
        raise serializers.ValidationError({"ratings": [str(problem)]}) from None
    except journey_actions.JourneyError as problem:
        raise DomainConflict(str(problem)) from None
    return Response(ReviewSerializer(made).data, status=status.HTTP_201_CREATED)


class DueSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, schedule.LABELS[k]) for k in schedule.KINDS])
    label = serializers.CharField()
    earliest = serializers.DateField()
    latest = serializers.DateField()
    why = serializers.CharField()
    late = serializers.BooleanField()
    days_late = serializers.IntegerField()


class ReviewRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    said = serializers.CharField(max_length=5000)
    asked_on = serializers.DateField(required=False, help_text="Staff only: the day the person asked (yours is today)")
    asked_by_name = serializers.CharField(max_length=160, required=False, help_text="Staff only: who asked")
    asked_by_relationship = serializers.CharField(max_length=120, required=False,
                                                  help_text="Staff only: who they are to the person")
    decline_reasons = serializers.CharField(read_only=True)


@extend_schema(responses={200: DueSerializer(many=True)}, summary="The reviews due for a person, soonest first")
@api_view(["GET"])
def reviews_due(request, pk):
    found = access.schedule_for(request.user, pk, why="to list the reviews due", channel="api")
    return Response(DueSerializer(found.record, many=True).data)


@extend_schema(request=ReviewRequestSerializer, responses={201: ReviewRequestSerializer},
               summary="Ask for a review: the person or someone acting for them, or staff recording a request made to them")
@api_view(["POST"])
def ask(request, pk):
    found = access.asking_for(request.user, pk, why="to ask for a review", channel="api")
    serializer = ReviewRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    with problems_from(actions.RequestError):
        made = actions.request_review(found.case, actor=request.user, said=data["said"], asked_on=data.get("asked_on"),
                                      asked_by_name=data.get("asked_by_name", ""),
                                      asked_by_relationship=data.get("asked_by_relationship", ""), channel="api")
    return Response(ReviewRequestSerializer(made).data, status=status.HTTP_201_CREATED)
