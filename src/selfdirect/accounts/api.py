"""Sign-ins through the API: administrators list, add, deactivate and reactivate accounts; anyone signed in sees the
roles they hold and chooses the one they act in. (Inviting people to sign in to a person's record, and ending a
representative's authority, are in people.api.)"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from selfdirect.audit import actions as audit
from selfdirect.core.api import DomainConflict, FieldProblem
from selfdirect.core.roles import STAFF_ROLES, Role

from . import access, actions, queries
from .models import Organisation, Team


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
