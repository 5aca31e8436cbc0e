from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.core.api import DomainConflict
from selfdirect.journey import actions as journey_actions

from . import access, actions
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
