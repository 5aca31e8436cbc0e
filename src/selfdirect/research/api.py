"""Research projects through the API, by the same access rules and actions as the pages: administrators make
projects and add people; the lead researcher reads their projects and their k-anonymous extracts. No answer holds the
table that links an identifier to a person."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.core.api import problems_from

from . import access, actions, queries


class ProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    lead = serializers.SlugRelatedField(slug_field="username", queryset=queries.researchers(),
                                        error_messages={"does_not_exist": "Lead must be the sign-in name of a researcher"})
    approval_reference = serializers.CharField(max_length=100)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    people = serializers.IntegerField(read_only=True, help_text="People added to the project")
    consenting = serializers.IntegerField(read_only=True, help_text="Of them, those who still agree to research")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = queries.researchers()


class AddPeopleSerializer(serializers.Serializer):
    client_group = serializers.CharField(required=False, allow_blank=True, default="",
                                         help_text="Only people of this client group (default: everyone who agreed)")


class AddedSerializer(serializers.Serializer):
    added = serializers.IntegerField()


class ExtractSerializer(serializers.Serializer):
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    report = serializers.ListField(child=serializers.CharField())
    min_cell = serializers.IntegerField()
    suppressed_cells = serializers.IntegerField()
    generalised = serializers.ListField(child=serializers.CharField())


@extend_schema(responses=ProjectSerializer(many=True),
               summary="Research projects: every one for an administrator, a researcher's own")
@api_view(["GET"])
def projects(request):
    return Response(ProjectSerializer(access.projects_for(request.user), many=True).data)


@extend_schema(request=ProjectSerializer, responses={201: ProjectSerializer},
               summary="Make a research project and name its lead researcher (administrators)")
@api_view(["POST"])
def new_project(request):
    access.require_manager(request.user)
    serializer = ProjectSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.ResearchError):
        made = actions.create_project(actor=request.user, channel="api", **serializer.validated_data)
    return Response(ProjectSerializer(access.project_for(request.user, made.pk).record).data,
                    status=status.HTTP_201_CREATED)


@extend_schema(responses=ProjectSerializer, summary="A research project")
@api_view(["GET"])
def project(request, pk):
    return Response(ProjectSerializer(access.project_for(request.user, pk).record).data)


@extend_schema(request=AddPeopleSerializer, responses=AddedSerializer,
               summary="Add everyone who agreed to research and is not yet in the project (administrators)")
@api_view(["POST"])
def add_people(request, pk):
    got = access.project_for(request.user, pk, change=True)
    serializer = AddPeopleSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.ResearchError):
        added = actions.add_consenting_people(got.record, actor=request.user, channel="api",
                                              client_group=serializer.validated_data["client_group"])
    return Response({"added": added})


@extend_schema(responses=ExtractSerializer,
               summary="The project's extract: coarsened, generalised and suppressed until every combination holds at "
                       "least SELFDIRECT_RESEARCH_MIN_CELL people (the lead researcher and administrators)")
@api_view(["GET"])
def extract(request, pk):
    got = access.project_for(request.user, pk)
    if not got.may_extract:
        raise PermissionDenied
    with problems_from(queries.ExtractRefused):
        made = queries.extract(got.record, today=timezone.localdate())
    actions.record_release(made, actor=request.user, how="read through the API", channel="api")
    return Response({"header": made.header, "rows": made.rows, "report": made.report, "min_cell": made.release.k,
                     "suppressed_cells": made.release.suppressed_cells, "generalised": made.release.generalised})
