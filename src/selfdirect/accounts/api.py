"""Sign-ins through the API: administrators list, add, deactivate and reactivate accounts; anyone signed in sees the
roles they hold and chooses the one they act in. (Inviting people to sign in to a person's record, and ending a
representative's authority, are in people.api.)"""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from selfdirect.audit import actions as audit
from selfdirect.core.api import DomainConflict, FieldProblem
from selfdirect.core.roles import STAFF_ROLES, Role

from . import access, actions, lockout, queries
from .models import ApiToken, Organisation, Team
from .views import locked_out


class HeldSerializer(serializers.Serializer):
    role = serializers.CharField(source="role.value")
    label = serializers.CharField()
    team = serializers.IntegerField(source="team_id", allow_null=True)
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)


class AccountSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.EmailField()
    is_active = serializers.BooleanField(read_only=True)
    acting_as = serializers.CharField(source="role", read_only=True)
    roles = serializers.SerializerMethodField()

    def get_roles(self, user) -> list[dict]:
        return HeldSerializer(queries.held_roles_of_account(user), many=True).data


class GrantSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=[r.value for r in STAFF_ROLES])
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False, allow_null=True,
                                              default=None)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), required=False,
                                                      allow_null=True, default=None)


class NewAccountSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    roles = GrantSerializer(many=True)


class DeactivateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ActAsSerializer(serializers.Serializer):
    role = serializers.CharField()




def _problem(problem: actions.AccountError):
    if problem.field == "account":
        return DomainConflict(str(problem))
    return FieldProblem(problem.field, str(problem))


@extend_schema(methods=["GET"], responses=AccountSerializer(many=True), summary="Sign-ins (administrators)")
@extend_schema(methods=["POST"], request=NewAccountSerializer, responses={201: AccountSerializer},
               summary="Add a staff sign-in; it gets an email link to set its password")
@api_view(["GET", "POST"])
def accounts(request):
    access.require_admin(request.user)
    if request.method == "POST":
        serializer = NewAccountSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        grants = [actions.Grant(Role(g["role"]), g["team"], g["organisation"]) for g in data["roles"]]
        try:
            user, _ = actions.create_staff(actor=request.user, username=data["username"],
                                           first_name=data["first_name"], last_name=data["last_name"],
                                           email=data["email"], grants=grants,
                                           base_url=request.build_absolute_uri("/"), channel="api")
        except actions.AccountError as problem:
            raise _problem(problem) from None
        return Response(AccountSerializer(user).data, status=status.HTTP_201_CREATED)
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(queries.accounts(request.query_params.get("q", "").strip()), request)
    audit.record(actor=request.user, action=audit.Action.READ, what="Listed sign-ins", channel="api")
    return paginator.get_paginated_response(AccountSerializer(page, many=True).data)


@extend_schema(request=DeactivateSerializer, responses=AccountSerializer,
               summary="Deactivate a sign-in: it cannot sign in and its sessions and tokens end")
@api_view(["POST"])
def deactivate(request, pk):
    user = access.account_for(request.user, pk)
    serializer = DeactivateSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        actions.deactivate(user, actor=request.user, reason=serializer.validated_data["reason"], channel="api")
    except actions.AccountError as problem:
        raise _problem(problem) from None
    return Response(AccountSerializer(user).data)


@extend_schema(request=None, responses=AccountSerializer, summary="Reactivate a sign-in")
@api_view(["POST"])
def reactivate(request, pk):
    user = access.account_for(request.user, pk)
    try:
        actions.reactivate(user, actor=request.user, channel="api")
    except actions.AccountError as problem:
        raise _problem(problem) from None
    return Response(AccountSerializer(user).data)


@extend_schema(methods=["GET"], responses=AccountSerializer, summary="Your sign-in: the roles you hold")
@extend_schema(methods=["POST"], request=ActAsSerializer, responses=AccountSerializer,
               summary="Choose the role you act in")
@api_view(["GET", "POST"])
def me(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    if request.method == "POST":
        serializer = ActAsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            actions.act_as(request.user, serializer.validated_data["role"], channel="api")
        except actions.AccountError as problem:
            raise _problem(problem) from None
    return Response(AccountSerializer(request.user).data)


# ---- API tokens and locks (docs/security.md, "Signing in") ----------------------------------------------------------

class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(required=False, allow_blank=True, max_length=150,
                                     help_text="Your sign-in name (leave out when asking from a signed-in session)")
    password = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, max_length=128,
                                     style={"input_type": "password"})
    code = serializers.CharField(required=False, allow_blank=True, max_length=12,
                                 help_text="Staff: the 6-digit code from your authenticator app")
    name = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                 help_text="What the token is for, to tell your tokens apart")


class TokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    key_prefix = serializers.CharField(help_text="The first characters of the key, to tell tokens apart")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    works = serializers.SerializerMethodField()

    def get_works(self, token) -> bool:
        return token.is_live(timezone.now())


class NewTokenSerializer(TokenSerializer):
    token = serializers.CharField(help_text="The key: send it as `Authorization: Token <key>`. Shown only now")


class LockSerializer(serializers.Serializer):
    username = serializers.CharField()
    locked = serializers.BooleanField()


class RevokedSerializer(serializers.Serializer):
    revoked = serializers.IntegerField(help_text="How many tokens stopped working")


def _token_holder(request, data):
    """Who the new token is for, whether it is made after the second step, and a refusal, if any: the signed-in
    session's user (staff sessions reach the API only once they entered their code; the token is marked so when the
    session did), or the sign-in name and password given, with the code from the app for staff. Wrong passwords and
    codes count towards the lock (accounts.lockout) as on the sign-in page; the answer is the same whether or not a
    sign-in has the name."""
    username = (data.get("username") or "").strip()
    if not username and request.user.is_authenticated:
        if isinstance(request.auth, ApiToken):
            raise PermissionDenied("A token cannot make another token: give your sign-in name and password")
        return request.user, _session_entered_code(request.user), None
    if not username:
        raise FieldProblem("username", "Enter your sign-in name")
    if not data.get("password"):
        raise FieldProblem("password", "Enter your password")
    if lockout.is_locked(request, username):
        return None, False, locked_out(request._request)
    user = authenticate(request._request, username=username, password=data["password"])
    if user is None:  # a name locked by this try is answered by django-axes' middleware with `locked_out`
        raise ValidationError({"non_field_errors": ["Enter a correct sign-in name and password. Both are "
                                                    "case-sensitive."]})
    verified = False
    if queries.needs_second_factor(user):
        device = queries.authenticator_of(user)
        if device is None:
            raise PermissionDenied("Set up an authenticator app first: sign in at /sign-in/ and follow the steps")
        verified, problem, counted = actions.check_authenticator_code(user, device, data.get("code") or "")
        if not verified:
            if counted and lockout.count_failure(request, username):
                return None, False, locked_out(request._request)
            raise FieldProblem("code", problem)
    lockout.clear_failures(request, username)
    return user, verified, None


def _session_entered_code(user) -> bool:
    """Whether the signed-in session entered a code from the sign-in's authenticator app (django-otp)."""
    return bool(getattr(user, "is_verified", lambda: False)())


@extend_schema(request=TokenRequestSerializer, responses={200: NewTokenSerializer}, auth=[],
               summary="Get an API token: your sign-in name and password (and, for staff, the code from your "
                       "authenticator app), or from a signed-in session. It lasts settings.API_TOKEN_DAYS days")
@api_view(["POST"])
@permission_classes([AllowAny])
def obtain_token(request):
    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    user, second_step, refusal = _token_holder(request, serializer.validated_data)
    if refusal is not None:
        return refusal
    try:
        token, key = actions.issue_token(user, actor=user, name=serializer.validated_data.get("name", ""),
                                         second_step=second_step, channel="api")
    except actions.AccountError as problem:
        raise _problem(problem) from None
    token.token = key
    return Response(NewTokenSerializer(token).data)


@extend_schema(responses=TokenSerializer(many=True), summary="Your API tokens (never their keys)")
@api_view(["GET"])
def my_tokens(request):
    if not request.user.is_authenticated:
        raise NotAuthenticated
    return Response(TokenSerializer(queries.tokens_of(request.user), many=True).data)


@extend_schema(request=None, responses=TokenSerializer, summary="Revoke one of your API tokens: it stops working now")
@api_view(["POST"])
def revoke_my_token(request, pk):
    token = access.own_token(request.user, pk)
    try:
        actions.revoke_token(token, actor=request.user, channel="api")
    except actions.AccountError as problem:
        raise _problem(problem) from None
    return Response(TokenSerializer(token).data)


@extend_schema(request=None, responses=LockSerializer,
               summary="Unlock a sign-in locked after too many wrong tries (administrators)")
@api_view(["POST"])
def unlock(request, pk):
    user = access.account_for(request.user, pk)
    try:
        actions.unlock(user, actor=request.user, channel="api")
    except actions.AccountError as problem:
        raise _problem(problem) from None
    return Response(LockSerializer({"username": user.username, "locked": bool(queries.locks_of(user))}).data)


@extend_schema(responses=TokenSerializer(many=True), summary="A sign-in's API tokens (administrators)")
@api_view(["GET"])
def account_tokens(request, pk):
    user = access.account_for(request.user, pk)
    return Response(TokenSerializer(queries.tokens_of(user), many=True).data)


@extend_schema(request=None, responses=RevokedSerializer,
               summary="Revoke every API token of a sign-in that still works (administrators)")
@api_view(["POST"])
def revoke_account_tokens(request, pk):
    user = access.account_for(request.user, pk)
    return Response({"revoked": actions.revoke_tokens_of(user, actor=request.user, channel="api")})
