from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.accounts.models import Team
from selfdirect.accounts.roles import Role
from selfdirect.core.api import FieldProblem
from selfdirect.core.dashboards import with_case_columns

from . import access, actions, codes
from .checks import CheckFailed, check_date_of_birth, normalise_nhs_number, normalise_postcode

CASEWORK = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR}


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    la_person_id = serializers.CharField(read_only=True)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField()
    nhs_number = serializers.CharField(max_length=14, required=False, allow_blank=True, default="")
    gender = serializers.CharField()
    ethnicity = serializers.CharField()
    postcode = serializers.CharField(max_length=10)
    gp_practice_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    gp_practice_code = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    client_type = serializers.CharField(default="Service User")
    primary_support_reason = serializers.CharField()
    client_group = serializers.CharField()
    accommodation_status = serializers.CharField(default="Unknown")
    employment_status = serializers.CharField(default="Unknown")
    autism = serializers.CharField(default="Unknown")
    visual_impairment = serializers.CharField(default="Unknown")
    hearing_impairment = serializers.CharField(default="Unknown")
    dementia = serializers.CharField(default="Unknown")
    client_funding_status = serializers.CharField(default="Unknown")
    previous_package_description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    previous_package_weekly_pence = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
    case_state = serializers.CharField(read_only=True, required=False)

    def validate_nhs_number(self, value):
        if not value.strip():
            return ""
        try:
            return normalise_nhs_number(value)
        except CheckFailed as failure:
            raise serializers.ValidationError(str(failure)) from None

    def validate_postcode(self, value):
        try:
            return normalise_postcode(value)
        except CheckFailed as failure:
            raise serializers.ValidationError(str(failure)) from None

    def validate_date_of_birth(self, value):
        from django.utils import timezone

        try:
            return check_date_of_birth(value, today=timezone.localdate())
        except CheckFailed as failure:
            raise serializers.ValidationError(str(failure)) from None

    def validate(self, data):
        problems = {}
        for name, list_name in codes.PERSON_FIELD_LISTS.items():
            if name in data and not codes.is_valid(list_name, data[name]):
                problems[name] = [f"Must be one of: {', '.join(c for c, _ in codes.choices(list_name))}"]
        if problems:
            raise serializers.ValidationError(problems)
        return data


class ReferralSerializer(serializers.Serializer):
    referred_on = serializers.DateField()
    route_of_access = serializers.CharField()
    reason = serializers.CharField(max_length=2000)

    def validate_route_of_access(self, value):
        if not codes.is_valid("route_of_access", value):
            raise serializers.ValidationError("Must be a route of access from the code list")
        return value

    def validate_referred_on(self, value):
        from django.utils import timezone

        if value > timezone.localdate():
            raise serializers.ValidationError("Date of referral must be today or in the past")
        return value


class NewPersonSerializer(PersonSerializer):
    referral = ReferralSerializer(write_only=True)


def _require_identity_role(user):
    if "identity" not in access.sections_for(user):
        raise PermissionDenied


@extend_schema(methods=["GET"], responses=PersonSerializer(many=True), summary="People this user may see")
@extend_schema(methods=["POST"], request=NewPersonSerializer, responses={201: PersonSerializer},
               summary="Add a person and open their case at the referral step")
@api_view(["GET", "POST"])
def people(request):
    _require_identity_role(request.user)
    if request.method == "POST":
        if request.user.role not in CASEWORK:
            raise PermissionDenied
        serializer = NewPersonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        team = data.pop("team")
        referral = data.pop("referral")
        if request.user.role != Role.ADMINISTRATOR and team.pk != request.user.team_id:
            raise FieldProblem("team", "You can add people only to your own team")
        try:
            person = actions.create_person(data, team=team, referral=referral, actor=request.user, channel="api")
        except actions.PersonError as problem:
            raise FieldProblem(problem.field, str(problem)) from None
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)
    from selfdirect.audit import services as audit

    found = with_case_columns(access.people_visible_to(request.user)).order_by("last_name", "first_name", "id")
    from rest_framework.pagination import LimitOffsetPagination

    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(found, request)
    audit.record(actor=request.user, action=audit.Action.READ, what="Listed people", channel="api")
    return paginator.get_paginated_response(PersonSerializer(page, many=True).data)


@extend_schema(responses=PersonSerializer, summary="One person's record (the read is audited)")
@api_view(["GET"])
def person(request, pk):
    _require_identity_role(request.user)
    found = access.person_for(request.user, pk, channel="api")
    data = PersonSerializer(found).data
    from selfdirect.journey import services as journey

    case = journey.current_case_for(found)
    data["case_state"] = case.state if case else None
    return Response(data)
