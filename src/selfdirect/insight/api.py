from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from selfdirect.core import permissions

from . import dashboards, forms, tables
from .views import people_behind


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    caption = serializers.CharField()
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(), help_text="Counts as numbers; with shared=1, counts of 1 to 4 "
                                 "are '<5' and figures worked out from fewer than 5 people are '[c]'")


class DashboardSerializer(serializers.Serializer):
    title = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    notes = serializers.ListField(child=serializers.CharField())
    tables = TableSerializer(many=True)
    people_count = serializers.IntegerField(required=False, help_text="With drill: how many people are behind the count")
    people = serializers.ListField(child=serializers.DictField(), required=False,
                                   help_text="With drill=TABLE:ROW:COLUMN (team managers and administrators): the people "
                                             "behind that count, limit (default 100, at most 1000) from offset, cases in order")


@extend_schema(
    responses=DashboardSerializer, summary="A dashboard's tables (take-up, journey-times, choice-offered, money, outcomes)",
    parameters=[OpenApiParameter(name, OpenApiTypes.STR, description=text) for name, text in (
        ("start", "From, YYYY-MM-DD (default: twelve months ago)"), ("end", "To, YYYY-MM-DD (default: today)"),
        ("team", "A team's id (a team manager always sees their own team)"), ("group", "A client group's code"),
        ("shared", "1 for figures to share outside the council (numbers under 5 hidden)"),
        ("respondent", "outcomes only: whose questionnaire, person (default), family_carer or worker"),
        ("scale", "outcomes only: change or satisfaction (default: the council's scale); the two are never mixed"),
        ("voice", "outcomes only: own (the person's own answers), others (given for the person), or everyone (default)"),
        ("drill", "TABLE:ROW:COLUMN: list the people behind that count"), ("limit", "With drill: how many people (default 100)"),
        ("offset", "With drill: how many to skip"))])
@api_view(["GET"])
def dashboard(request, slug):
    if slug not in dashboards.DASHBOARDS:
        raise NotFound(f"No dashboard is called {slug!r}; there are {', '.join(sorted(dashboards.DASHBOARDS))}")
    if not permissions.may_read_dashboards(request.user):
        raise PermissionDenied
    form = forms.filters_form(slug)(request.query_params or None,
                                  locked_team=request.user.team if permissions.figures_limited_to_own_team(request.user) else None)
    filters = form.filters()
    if filters is None:
        raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    from django.utils import timezone

    link = request.query_params.get("drill", "")
    built = dashboards.work_out(slug, filters, today=timezone.localdate(), keep_cases=bool(link))
    # As on the pages: small numbers hidden when shared, and always for those who see figures but never people.
    shared = request.query_params.get("shared") == "1" or not permissions.may_see_people_behind_figures(request.user)
    body = {"title": built.title, "start": filters.start, "end": filters.end, "notes": built.notes,
            "tables": [{"key": t.key, "caption": t.caption, "header": t.header, "rows": tables.plain_rows(t, shared=shared)}
                       for t in built.tables]}
    if link:
        if not permissions.may_see_people_behind_figures(request.user):
            raise PermissionDenied
        found = built.behind(link)
        if found is None:
            raise ValidationError({"drill": ["That names no count of people in this dashboard"]})
        what, case_ids = found
        try:
            limit = min(max(1, int(request.query_params.get("limit", 100))), 1000)
            offset = max(0, int(request.query_params.get("offset", 0)))
        except ValueError:
            raise ValidationError({"limit": ["limit and offset must be whole numbers"]}) from None
        body["people_count"] = len(case_ids)
        body["people"] = [{"id": p.pk, "reference": p.la_person_id, "name": p.full_name}
                          for p in people_behind(request.user, case_ids[offset:offset + limit], what=f"{what} in {built.title}",
                                                 channel="api")]
    return Response(DashboardSerializer(body).data)
