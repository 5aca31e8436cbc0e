from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.core.api import DomainConflict, problems_from
from selfdirect.journey import actions as journey_actions

from . import access, actions, cld_review, evaluation, schedule
from .models import OutcomeRating, Review, Story


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


class HelpedRatingSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="The outcome, in the person's own words")
    rating = serializers.CharField(help_text="How far it was met")


class HelpedEvaluationSerializer(serializers.Serializer):
    respondent = serializers.CharField(help_text="Whose questionnaire")
    answered_by = serializers.CharField(help_text="Who answered")
    answers = serializers.ListField(child=serializers.ListField(child=serializers.CharField()),
                                    help_text="[part of life, answer] pairs")


class HelpedStorySerializer(serializers.Serializer):
    told_by = serializers.CharField()
    words = serializers.CharField()
    domains = serializers.ListField(child=serializers.CharField())
    held_on = serializers.DateField()


class HelpedReviewSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    decision = serializers.CharField()
    delivery_option = serializers.CharField()
    ratings = HelpedRatingSerializer(many=True)
    evaluations = HelpedEvaluationSerializer(many=True)
    stories = HelpedStorySerializer(many=True, help_text="Only the stories their tellers shared with the staff who helped")
    unread = serializers.BooleanField(help_text="Not yet seen on the page")


class HelpedPersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    helped_as = serializers.CharField(help_text="How you helped")
    sees_until = serializers.DateField(help_text="The last day you see how it went")
    reviews = HelpedReviewSerializer(many=True, help_text="Oldest first")


@extend_schema(responses={200: HelpedPersonSerializer(many=True)},
               summary="The people you helped: how things went at each review (outcomes.helped's fields only)")
@api_view(["GET"])
def helped(request):
    return Response(HelpedPersonSerializer(access.helped_by(request.user, channel="api",
                                                            why="to see how things went for the people they helped"),
                                           many=True).data)


# ---- a review's questionnaires and stories ---------------------------------------------------------------------------

class ReviewEvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    respondent = serializers.ChoiceField(choices=list(evaluation.RESPONDENTS.items()),
                                         help_text="Whose questionnaire: the person's, a family carer's or the worker's")
    respondent_name = serializers.CharField(max_length=160, required=False, allow_blank=True,
                                            help_text="A family carer's name (needed for a family carer)")
    answered_by = serializers.ChoiceField(choices=list(evaluation.ANSWERED_BY.items()),
                                          help_text="Who answered (outcomes.evaluation.ANSWERED_BY_FOR: the person's "
                                                    "questionnaire has five; a carer's and the worker's one each)")
    answers = serializers.DictField(child=serializers.CharField(),
                                    help_text="Each domain asked (its id) to an answer on the questionnaire's scale")
    questionnaire = serializers.CharField(read_only=True, help_text="The questionnaire and version asked, e.g. person-v1")
    scale = serializers.CharField(read_only=True)
    own_voice = serializers.BooleanField(read_only=True, help_text="Whether the person gave the answers themselves")
    held_on = serializers.DateField(read_only=True)


class ReviewStorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    told_by = serializers.ChoiceField(choices=Story.ToldBy.choices)
    teller_name = serializers.CharField()
    words = serializers.CharField()
    has_recording = serializers.SerializerMethodField()
    domains = serializers.ListField(child=serializers.CharField())
    outcomes = serializers.SerializerMethodField()
    share_with_helpers = serializers.BooleanField()
    share_for_research = serializers.BooleanField()
    consent_changed_on = serializers.DateField(allow_null=True)
    held_on = serializers.DateField()

    def get_has_recording(self, story) -> bool:
        return bool(story.audio)

    def get_outcomes(self, story) -> list[int]:
        return sorted(o.pk for o in story.outcomes.all())


@extend_schema(methods=["GET"], responses={200: ReviewEvaluationSerializer(many=True)},
               summary="The answers to the evaluation questionnaires recorded at a review")
@extend_schema(methods=["POST"], request=ReviewEvaluationSerializer, responses={201: ReviewEvaluationSerializer},
               summary="Record the answers to an evaluation questionnaire at a review, with who answered")
@api_view(["GET", "POST"])
def evaluations(request, pk, review_pk):
    found = access.held_review_for(request.user, pk, review_pk, channel="api", change=request.method == "POST",
                                   why="to record answers at a review" if request.method == "POST"
                                   else "to see a review's answers")
    if request.method == "GET":
        return Response(ReviewEvaluationSerializer(found.record.evaluations.all(), many=True).data)
    serializer = ReviewEvaluationSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    with problems_from(actions.EvaluationError, field=lambda e: e.field if e.field in {
            "respondent", "respondent_name", "answered_by"} or not e.field else f"answers.{e.field}"):
        made = actions.record_evaluation(found.record, actor=request.user, respondent=data["respondent"],
                                         answered_by=data["answered_by"], answers=data["answers"],
                                         respondent_name=data.get("respondent_name", ""), channel="api")
    return Response(ReviewEvaluationSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: ReviewStorySerializer(many=True)},
               summary="The stories told at a review (a recording is downloaded from the review's page)")
@api_view(["GET"])
def stories(request, pk, review_pk):
    found = access.held_review_for(request.user, pk, review_pk, channel="api", why="to see a review's stories")
    return Response(ReviewStorySerializer(found.record.stories.all(), many=True).data)
