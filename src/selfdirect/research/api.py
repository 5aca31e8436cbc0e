"""Research projects through the API, by the same access rules and actions as the pages: administrators make
projects and add people; the lead researcher (or an administrator) makes a project's releases (POST .../extract/),
lists them and reads each, frozen, under identifiers made for it alone. No answer holds the table that links a
release's identifiers to people."""

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


class ReleaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="The release's number within its project")
    made_on = serializers.DateField()
    made_by = serializers.CharField(source="made_by.username")
    rows = serializers.IntegerField(source="rows_given", help_text="Rows given now (people who still agree to research)")
    suppressed_cells = serializers.IntegerField()


class ReleaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="release.id")
    project = serializers.IntegerField(source="release.project_id")
    number = serializers.IntegerField(source="release.number")
    made_on = serializers.DateField(source="release.made_on")
    made_by = serializers.CharField(source="release.made_by.username")
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    report = serializers.ListField(child=serializers.CharField())
    min_cell = serializers.IntegerField(source="release.k")
    suppressed_cells = serializers.IntegerField(source="release.suppressed_cells")
    generalised = serializers.ListField(child=serializers.CharField(), source="release.generalised")
    withdrawn = serializers.IntegerField(help_text="Rows left out: people who withdrew their agreement since it was made")


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


@extend_schema(request=None, responses={201: ReleaseSerializer},
               summary="Make the project's next release, frozen, under identifiers made for it alone: coarsened, "
                       "generalised and suppressed until every combination holds at least SELFDIRECT_RESEARCH_MIN_CELL "
                       "people (the lead researcher and administrators)")
@api_view(["POST"])
def extract(request, pk):
    got = access.project_for(request.user, pk)
    if not got.may_extract:
        raise PermissionDenied
    with problems_from(actions.ResearchError):
        made = actions.make_release(got.record, actor=request.user, today=timezone.localdate(), channel="api")
    read = queries.read_release(access.release_for(request.user, made.pk).record)
    return Response(ReleaseSerializer(read).data, status=status.HTTP_201_CREATED)


@extend_schema(responses=ReleaseSummarySerializer(many=True), summary="A research project's releases, oldest first")
@api_view(["GET"])
def releases(request, pk):
    got = access.project_for(request.user, pk)
    if not got.may_extract:
        raise PermissionDenied
    return Response(ReleaseSummarySerializer(queries.releases_of(got.record), many=True).data)


@extend_schema(responses=ReleaseSerializer,
               summary="A release, the same rows every time (less people who have since withdrawn); audited")
@api_view(["GET"])
def release(request, pk):
    got = access.release_for(request.user, pk)
    read = queries.read_release(got.record)
    actions.record_release_read(read, actor=request.user, how="read through the API", channel="api")
    return Response(ReleaseSerializer(read).data)
