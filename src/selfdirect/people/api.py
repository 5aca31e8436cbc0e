from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.fields import SkipField
from rest_framework.response import Response

from selfdirect.accounts.actions import AccountError
from selfdirect.accounts.models import Invitation, Team
from selfdirect.core.api import DomainConflict, FieldProblem, problems_from

from . import access, actions, authority, codes, queries
from .checks import CheckFailed, check_date_of_birth, normalise_nhs_number, normalise_postcode

# Whom an invitation is for (named for the API schema: settings.SPECTACULAR_SETTINGS, ENUM_NAME_OVERRIDES)
INVITATION_KINDS = ["budget_holder", "representative", "carer"]

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
    kind = serializers.ChoiceField(choices=INVITATION_KINDS)
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


# ---- authority to act, and consent (people/authority.py): read by those who see the person's consents, written by a
# worker on the person's team or an administrator, through the same actions as the pages -------------------------

class AuthoritySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=160)
    relationship = serializers.CharField(max_length=60)
    kind = serializers.ChoiceField(choices=authority.kind_choices(offered_only=True),
                                   help_text="people/authority.py KINDS; the kind 'lpa_type_not_recorded' comes only "
                                             "from records made before kinds were kept")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    legal_source = serializers.CharField(source="kind_source", read_only=True)
    scope = serializers.ChoiceField(choices=authority.scope_choices(), required=False, allow_blank=True, default="",
                                    help_text="Needed for a deputy and for the person's consent; otherwise it follows "
                                              "from the kind")
    scope_label = serializers.CharField(read_only=True)
    evidence_reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    evidence_seen_on = serializers.DateField(required=False, allow_null=True, default=None)
    starts_on = serializers.DateField()
    review_on = serializers.DateField(required=False, allow_null=True, default=None)
    review_overdue = serializers.SerializerMethodField()
    ends_on = serializers.DateField(read_only=True, allow_null=True)
    end_reason = serializers.CharField(read_only=True)
    has_sign_in = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(source="recorded_by.display_name", read_only=True, default=None)
    recorded_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def to_internal_value(self, data):
        """As DRF reads a request, and when some fields are wrong, people/authority.py's checks too on those it could
        read, so one 400 names every problem (a missing start date with the evidence the kind needs), as the page does.
        When every field reads, the action makes the checks (people.actions.add_representative)."""
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as invalid:
            problems = dict(invalid.detail)
        read = {}
        for name in ("kind", "scope", "evidence_reference", "evidence_seen_on", "starts_on", "review_on"):
            if name not in problems:
                try:
                    read[name] = self.fields[name].run_validation(self.fields[name].get_value(data))
                except (serializers.ValidationError, SkipField):
                    continue
        _, found = authority.authority_problems(**{name: read.get(name) for name in (
            "kind", "scope", "evidence_reference", "evidence_seen_on", "starts_on", "review_on")},
            today=timezone.localdate())
        for name, message in found.items():
            problems.setdefault(name, [message])
        raise serializers.ValidationError(problems)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # An old record's kind is not one a new record may have; show it as it is.
        data["kind"] = instance.kind
        return data

    def get_review_overdue(self, rep) -> bool:
        from django.utils import timezone

        return rep.review_overdue_on(timezone.localdate())

    def get_has_sign_in(self, rep) -> bool:
        return rep.user_id is not None


class ReviewAuthorityRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=authority.kind_choices(offered_only=True))
    scope = serializers.ChoiceField(choices=authority.scope_choices(), required=False, allow_blank=True, default="")
    evidence_reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    evidence_seen_on = serializers.DateField(required=False, allow_null=True, default=None)
    review_on = serializers.DateField(help_text="The date of the next review")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ConsentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    purpose = serializers.ChoiceField(choices=authority.purpose_choices())
    purpose_label = serializers.CharField(source="get_purpose_display", read_only=True)
    information_version = serializers.IntegerField(source="information.version", read_only=True,
                                                   help_text="The version of the information the person was given")
    given_on = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    recorded_by = serializers.CharField(source="recorded_by.display_name", read_only=True, default=None)
    withdrawn_on = serializers.DateField(read_only=True, allow_null=True)
    withdrawal_note = serializers.CharField(read_only=True)
    withdrawal_recorded_by = serializers.CharField(source="withdrawal_recorded_by.display_name", read_only=True,
                                                   default=None)
    counts_today = serializers.SerializerMethodField()

    def get_counts_today(self, consent) -> bool:
        from django.utils import timezone

        return consent.live_on(timezone.localdate())


class WithdrawConsentSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def _reached(request, pk, *, change: bool, why: str):
    return access.consents_and_authority_for(request.user, pk, change=change, why=why, channel="api").person


@extend_schema(methods=["GET"], responses=AuthoritySerializer(many=True),
               summary="Everyone recorded as acting for the person, with their authority's kind, scope and evidence")
@extend_schema(methods=["POST"], request=AuthoritySerializer, responses={201: AuthoritySerializer},
               summary="Record someone's authority to act for the person")
@api_view(["GET", "POST"])
def authorities(request, pk):
    if request.method == "GET":
        person = _reached(request, pk, change=False, why="to see consents and authority")
        return Response(AuthoritySerializer(queries.authorities_of(person), many=True).data)
    person = _reached(request, pk, change=True, why="to change it")
    serializer = AuthoritySerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PersonError):
        rep = actions.add_representative(person, actor=request.user, channel="api", **serializer.validated_data)
    return Response(AuthoritySerializer(rep).data, status=status.HTTP_201_CREATED)


@extend_schema(request=ReviewAuthorityRequestSerializer, responses=AuthoritySerializer,
               summary="Record a review of an authority: its kind, scope and evidence confirmed or corrected, and the "
                       "next review")
@api_view(["POST"])
def review_authority(request, pk, rep_pk):
    person = _reached(request, pk, change=True, why="to review an authority to act")
    rep = access.representative_of(person, rep_pk)
    if rep is None:
        raise Http404
    serializer = ReviewAuthorityRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PersonError):
        rep = actions.review_authority(rep, actor=request.user, channel="api", **serializer.validated_data)
    return Response(AuthoritySerializer(rep).data)


@extend_schema(methods=["GET"], responses=ConsentSerializer(many=True),
               summary="The person's consents (research, sharing beyond the care team, plan examples), with their "
                       "history")
@extend_schema(methods=["POST"], request=ConsentSerializer, responses={201: ConsentSerializer},
               summary="Record that the person consents to a purpose, given the current version of its information")
@api_view(["GET", "POST"])
def consents(request, pk):
    if request.method == "GET":
        person = _reached(request, pk, change=False, why="to see consents and authority")
        return Response(ConsentSerializer(queries.consent_history(person), many=True).data)
    person = _reached(request, pk, change=True, why="to record consent")
    serializer = ConsentSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PersonError):
        made = actions.record_consent(person, actor=request.user, channel="api", **serializer.validated_data)
    return Response(ConsentSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=WithdrawConsentSerializer, responses=ConsentSerializer,
               summary="Record that the person withdrew a consent (it no longer counts from withdrawn_on)")
@api_view(["POST"])
def withdraw_consent(request, pk, consent_pk):
    person = _reached(request, pk, change=True, why="to record consent")
    consent = access.consent_of(person, consent_pk)
    if consent is None:
        raise Http404
    serializer = WithdrawConsentSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.PersonError):
        withdrawn = actions.withdraw_consent(consent, actor=request.user, channel="api", **serializer.validated_data)
    return Response(ConsentSerializer(withdrawn).data)
