from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.core.api import DomainConflict, problems_from
from selfdirect.journey import actions as journey_actions

from . import access, actions, cld_review, schedule
from .models import OutcomeRating, Review


class RatingSerializer(serializers.Serializer):
    outcome = serializers.IntegerField()
    rating = serializers.ChoiceField(choices=OutcomeRating.Rating.choices)


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    held_on = serializers.DateField()
    summary = serializers.CharField(max_length=5000)
    decision = serializers.ChoiceField(choices=Review.Decision.choices)
    depth = serializers.ChoiceField(choices=Review.Depth.choices,
                                    help_text="light: a conversation recorded here; full: a reassessment (decision "
                                              "\"reassess\"), the journey starts again")
    reason = serializers.ChoiceField(choices=cld_review.REVIEW_REASONS, source="cld_reason",
                                     help_text="Client Level Data Review Reason (Release 1 values)")
    method = serializers.ChoiceField(choices=cld_review.METHODS_OF_REVIEW, source="cld_method",
                                     help_text="Client Level Data Method of Review: whose review it was (Release 1 "
                                               "values); blank on reviews recorded before it was asked")
    what_changed = serializers.CharField(max_length=5000,
                                         help_text="What changed in the plan and the budget as a result, or "
                                                   "\"Nothing changed\"")
    outcomes_achieved = serializers.ChoiceField(choices=cld_review.REVIEW_OUTCOMES_ACHIEVED, read_only=True,
                                                help_text="Client Level Data Review Outcomes Achieved, worked out from "
                                                          "the ratings")
    budget_before_pence = serializers.IntegerField(read_only=True, allow_null=True)
    budget_after_pence = serializers.IntegerField(read_only=True, allow_null=True)
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
        with problems_from(actions.ReviewError):
            made = actions.record_review(
                case, actor=request.user, held_on=data["held_on"], summary=data["summary"], decision=data["decision"],
                ratings={r["outcome"]: r["rating"] for r in data["ratings"]}, depth=data["depth"],
                reason=data["cld_reason"], method=data["cld_method"], what_changed=data["what_changed"], channel="api")
    except journey_actions.JourneyError as problem:
        raise DomainConflict(str(problem)) from None
    return Response(ReviewSerializer(made).data, status=status.HTTP_201_CREATED)


class ReviewDueSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, schedule.LABELS[k]) for k in schedule.KINDS])
    label = serializers.CharField()
    earliest = serializers.DateField()
    latest = serializers.DateField()
    why = serializers.CharField()
    late = serializers.BooleanField()
    days_late = serializers.IntegerField()


class AskForReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    said = serializers.CharField(max_length=5000)
    asked_on = serializers.DateField(required=False, help_text="Staff only: the day the person asked (yours is today)")
    asked_by_name = serializers.CharField(max_length=160, required=False, help_text="Staff only: who asked")
    asked_by_relationship = serializers.CharField(max_length=120, required=False,
                                                  help_text="Staff only: who they are to the person")
    decline_reasons = serializers.CharField(read_only=True)


@extend_schema(responses={200: ReviewDueSerializer(many=True)}, summary="The reviews due for a person, soonest first")
@api_view(["GET"])
def reviews_due(request, pk):
    found = access.schedule_for(request.user, pk, why="to list the reviews due", channel="api")
    return Response(ReviewDueSerializer(found.record, many=True).data)


@extend_schema(request=AskForReviewSerializer, responses={201: AskForReviewSerializer},
               summary="Ask for a review: the person or someone acting for them, or staff recording a request made to them")
@api_view(["POST"])
def ask(request, pk):
    found = access.asking_for(request.user, pk, why="to ask for a review", channel="api")
    serializer = AskForReviewSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    with problems_from(actions.RequestError):
        made = actions.request_review(found.case, actor=request.user, said=data["said"], asked_on=data.get("asked_on"),
                                      asked_by_name=data.get("asked_by_name", ""),
                                      asked_by_relationship=data.get("asked_by_relationship", ""), channel="api")
    return Response(AskForReviewSerializer(made).data, status=status.HTTP_201_CREATED)
