"""The API's person endpoints: the people a user may see (with their case's step) and adding a person at referral.
They gather several apps' records, so they live in the top layer; the serializers are people's."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from selfdirect.audit import actions as audit
from selfdirect.core import permissions
from selfdirect.core.api import FieldProblem
from selfdirect.journey import actions as journey_actions
from selfdirect.journey import queries as journey
from selfdirect.people import access as people_access
from selfdirect.people import actions as people_actions
from selfdirect.people.api import NewPersonSerializer, PersonSerializer, shown_to

from .dashboards import with_case_columns


def _require_identity_role(user):
    if "identity" not in people_access.sections_for(user):
        raise PermissionDenied


@extend_schema(methods=["GET"], responses=PersonSerializer(many=True), summary="People this user may see")
@extend_schema(methods=["POST"], request=NewPersonSerializer, responses={201: PersonSerializer},
               summary="Add a person and open their case at the referral step")
@api_view(["GET", "POST"])
def people(request):
    _require_identity_role(request.user)
    if request.method == "POST":
        if not permissions.may_add_people(request.user):
            raise PermissionDenied
        serializer = NewPersonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        team = data.pop("team")
        referral = data.pop("referral")
        try:
            person = journey_actions.create_person(data, team=team, referral=referral, actor=request.user, channel="api")
        except people_actions.PersonError as problem:
            raise FieldProblem(problem.field, str(problem)) from None
        return Response(PersonSerializer(person, context=shown_to(request.user, [person])).data,
                        status=status.HTTP_201_CREATED)
    found = with_case_columns(people_access.people_visible_to(request.user)).order_by("last_name", "first_name", "id")
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(found, request)
    audit.record_each(page, actor=request.user, action=audit.Action.READ, what="Listed people", channel="api")
    return paginator.get_paginated_response(PersonSerializer(page, many=True, context=shown_to(request.user, page)).data)


@extend_schema(responses=PersonSerializer, summary="One person's record (the read is audited)")
@api_view(["GET"])
def person(request, pk):
    _require_identity_role(request.user)
    found = people_access.person_for(request.user, pk, channel="api")
    case = journey.current_case_for(found)
    found.case_state = case.state if case else None  # as the list's with_case_columns gives it
    return Response(PersonSerializer(found, context=shown_to(request.user, [found])).data)
