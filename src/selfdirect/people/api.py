from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.accounts.actions import AccountError
from selfdirect.accounts.models import Invitation, Team
from selfdirect.core.api import DomainConflict, FieldProblem

from . import access, actions, codes
from .checks import CheckFailed, check_date_of_birth, normalise_nhs_number, normalise_postcode


class PersonFields(serializers.Serializer):
    """A person's details, checked as the pages check them."""

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


# What the API shows of a person follows the sections of the record the user may see of that person, by the same
# rules as the pages (people.access.FIELD_SECTIONS). The context's "sections" gives them by person id (`shown_to`); a
# person it does not name shows nothing. Every caller may see the identity, so only its fields are required in the
# schema.
class PersonSerializer(PersonFields):
    """A person, with only the fields of the parts of their record the signed-in user may see, as on the pages: a
    finance officer, for one, gets the name, reference, date of birth, team and step. Any other field may be absent."""

    def get_fields(self):
        fields = super().get_fields()
        always = access.fields_shown({"identity"})
        for name, field in fields.items():
            if name not in always:
                field.required = False
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        shown = access.fields_shown(self.context.get("sections", {}).get(instance.pk, set()))
        return {name: value for name, value in data.items() if name in shown}


def shown_to(user, people) -> dict:
    """The context for PersonSerializer: what of each of these people the user may see."""
    return {"sections": access.sections_for_each(user, people)}


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


class NewPersonSerializer(PersonFields):
    referral = ReferralSerializer(write_only=True)


# ---- sign-ins to a person's record: a worker on the person's team (or an administrator) invites people to sign in
# and ends a representative's authority ----------------------------------------------------------------------------

class InvitationRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["budget_holder", "representative", "carer"])
    delivery = serializers.ChoiceField(choices=Invitation.Delivery.values)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    representative = serializers.IntegerField(required=False, allow_null=True, default=None)
    carer = serializers.IntegerField(required=False, allow_null=True, default=None)


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    delivery = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    expires_at = serializers.DateTimeField()
    letter_code = serializers.CharField(required=False, help_text="Letters only: the code to print. Shown once; "
                                                                  "not kept.")


class EndAuthoritySerializer(serializers.Serializer):
    ends_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class RepresentativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()


def _sign_in_problem(problem: AccountError):
    if problem.field == "account":
        return DomainConflict(str(problem))
    return FieldProblem(problem.field, str(problem))


@extend_schema(request=InvitationRequestSerializer, responses={201: InvitationSerializer},
               summary="Invite the person, someone who acts for them or their carer to sign in")
@api_view(["POST"])
def invitations(request, pk):
    person = access.changeable_person_for(request.user, pk, why="to manage sign-ins", channel="api")
    serializer = InvitationRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    representative = access.representative_of(person, data["representative"]) if data["representative"] else None
    carer = access.carer_of(person, data["carer"]) if data["carer"] else None
    try:
        issued = actions.invite(person, actor=request.user, kind=data["kind"], delivery=data["delivery"],
                                email=data["email"], representative=representative, carer=carer,
                                base_url=request.build_absolute_uri("/"), channel="api")
    except AccountError as problem:
        raise _sign_in_problem(problem) from None
    body = InvitationSerializer(issued.invitation).data
    if issued.invitation.delivery == Invitation.Delivery.LETTER:
        body["letter_code"] = issued.code_display
    return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(request=EndAuthoritySerializer, responses=RepresentativeSerializer,
               summary="End a representative's authority to act (no access from ends_on)")
@api_view(["POST"])
def end_authority(request, pk, rep_pk):
    person = access.changeable_person_for(request.user, pk, why="to manage sign-ins", channel="api")
    rep = access.representative_of(person, rep_pk)
    if rep is None:
        raise Http404
    serializer = EndAuthoritySerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        rep = actions.end_authority(rep, actor=request.user, channel="api", **serializer.validated_data)
    except AccountError as problem:
        raise _sign_in_problem(problem) from None
    return Response(RepresentativeSerializer(rep).data)
