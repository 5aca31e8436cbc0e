"""Retention through the API, by the same access rules and actions as the pages (administrators only): the schedule
in force and a new version of it; the people due for erasure as of today, with why; legal holds; a person's
retention (when their records are past the schedule and what erasure would do, or the record of their erasure),
erasing them, and holding or lifting a hold on their records."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.audit import actions as audit
from selfdirect.core.api import problems_from

from . import access, actions, queries, schedule


class KindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    years = serializers.IntegerField()
    runs_from = serializers.CharField()
    source = serializers.CharField()
    confirmed = serializers.BooleanField(help_text="Whether the default's figure was read in its source")


class ScheduleSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="0: the defaults Selfdirect ships with")
    periods = serializers.DictField(child=serializers.IntegerField(), help_text="Years kept, by kind of record")
    kinds = serializers.SerializerMethodField()
    made_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()

    def get_kinds(self, in_force) -> list[dict]:
        return KindSerializer([{"kind": kind.key, "label": kind.label, "years": years, "runs_from": kind.runs_from,
                                "source": kind.source, "confirmed": kind.confirmed}
                               for kind, years in in_force.rows()], many=True).data


class NewScheduleSerializer(serializers.Serializer):
    periods = serializers.DictField(child=serializers.IntegerField(min_value=schedule.MIN_YEARS,
                                                                   max_value=schedule.MAX_YEARS),
                                    help_text="Years kept, for every kind: " + ", ".join(schedule.KINDS))
    reason = serializers.CharField(max_length=500)


class ReasonSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    latest_on = serializers.DateField()
    runs_from = serializers.DateField()
    years = serializers.IntegerField()
    due_on = serializers.DateField()
    text = serializers.SerializerMethodField()

    def get_text(self, reason) -> str:
        return reason.text()


class DecisionSerializer(serializers.Serializer):
    due_on = serializers.DateField(help_text="The first day every kind of the person's records is past its period")
    reasons = ReasonSerializer(many=True)
    kept = serializers.ListField(child=serializers.CharField(), help_text="What keeps the records whatever the dates")


class RowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person.pk")
    reference = serializers.CharField(source="person.la_person_id")
    name = serializers.CharField(source="person.full_name")
    decision = DecisionSerializer()


class DueSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    schedule_version = serializers.IntegerField()
    due = RowSerializer(many=True)
    kept = RowSerializer(many=True, help_text="Past the schedule, but kept (a hold, money, an open request)")


class PartSerializer(serializers.Serializer):
    records = serializers.CharField()
    count = serializers.IntegerField()


class ErasureSerializer(serializers.Serializer):
    erased_on = serializers.DateField()
    erased_by = serializers.CharField(source="erased_by.username")
    schedule_version = serializers.IntegerField()
    periods = serializers.DictField(child=serializers.IntegerField())
    due_on = serializers.DateField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Records of each part erased")


class PersonRetentionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    erased = ErasureSerializer(allow_null=True)
    decision = DecisionSerializer(allow_null=True)
    may_erase = serializers.BooleanField()
    refusal = serializers.CharField(help_text="Why the records may not be erased today (empty when they may)")
    would_erase = PartSerializer(many=True)
    held = serializers.CharField(help_text="The reason of the legal hold on the records, empty if none")


class HoldSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    reference = serializers.CharField(source="person.la_person_id", max_length=20)
    reason = serializers.CharField(max_length=500)
    set_on = serializers.DateField(read_only=True)
    set_by = serializers.CharField(source="set_by.username", read_only=True)
    lifted_on = serializers.DateField(read_only=True)
    lift_reason = serializers.CharField(read_only=True)


class HoldReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


def _person_retention(person) -> dict:
    erasure = queries.erasure_of(person)
    hold = queries.open_hold_of(person)
    if erasure is not None:
        return {"id": person.pk, "reference": person.la_person_id, "erased": erasure, "decision": None,
                "may_erase": False, "refusal": f"This person's records were erased on {erasure.erased_on}",
                "would_erase": [], "held": ""}
    decision = queries.decision_for(person)
    refusal = decision.refusal(timezone.localdate())
    return {"id": person.pk, "reference": person.la_person_id, "erased": None, "decision": decision,
            "may_erase": not refusal, "refusal": refusal, "held": hold.reason if hold else "",
            "would_erase": [{"records": label, "count": n} for label, n in queries.preview(person).parts]}


@extend_schema(request=NewScheduleSerializer, responses={200: ScheduleSerializer, 201: ScheduleSerializer},
               summary="The retention schedule in force (GET); a new version of it, in force from now (POST)")
@api_view(["GET", "POST"])
def retention_schedule(request):
    access.require_manager(request.user)
    if request.method == "POST":
        serializer = NewScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with problems_from(actions.RetentionError, field=lambda e: f"periods.{e.field}" if e.field in schedule.KINDS
                           else e.field):
            actions.set_schedule(actor=request.user, channel="api", **serializer.validated_data)
        return Response(ScheduleSerializer(queries.schedule_in_force()).data, status=status.HTTP_201_CREATED)
    return Response(ScheduleSerializer(queries.schedule_in_force()).data)


@extend_schema(responses=DueSerializer,
               summary="People due for erasure as of today, with why; and those past the schedule but kept")
@api_view(["GET"])
def due(request):
    access.require_manager(request.user)
    today = timezone.localdate()
    in_force = queries.schedule_in_force()
    due_rows, kept_rows = queries.past_the_schedule(today, in_force.periods)
    audit.record_each([row.person for row in due_rows + kept_rows], actor=request.user, action=audit.Action.READ,
                      what="Listed people past the retention schedule", channel="api")
    return Response(DueSerializer({"as_of": today, "schedule_version": in_force.version, "due": due_rows,
                                   "kept": kept_rows}).data)


@extend_schema(request=HoldSerializer, responses={200: HoldSerializer(many=True), 201: HoldSerializer},
               summary="Legal holds (GET); hold a person's records by their council reference (POST)")
@api_view(["GET", "POST"])
def holds(request):
    access.require_manager(request.user)
    if request.method == "POST":
        serializer = HoldSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        found = queries.person_by_reference(serializer.validated_data["person"]["la_person_id"])
        with problems_from(actions.RetentionError, field=lambda e: "reference" if e.field == "person" else e.field):
            if found is None:
                raise actions.RetentionError("There is no one with that council person reference", field="reference")
            made = actions.place_hold(found, actor=request.user, reason=serializer.validated_data["reason"],
                                      channel="api")
        return Response(HoldSerializer(made).data, status=status.HTTP_201_CREATED)
    listed = list(queries.holds())
    audit.record_each(list({hold.person_id for hold in listed}), actor=request.user, action=audit.Action.READ,
                      what="Listed legal holds", channel="api")
    return Response(HoldSerializer(listed, many=True).data)


@extend_schema(responses=PersonRetentionSerializer,
               summary="A person's retention: when their records are past the schedule and what erasure would do, or "
                       "the record of their erasure")
@api_view(["GET"])
def person(request, pk):
    got = access.person_for(request.user, pk, channel="api")
    return Response(PersonRetentionSerializer(_person_retention(got.record)).data)


@extend_schema(request=None, responses={201: PersonRetentionSerializer},
               summary="Erase a person's records past the retention schedule: irreversible (409 with the reason when "
                       "they are not past it, are kept or were erased already)")
@api_view(["POST"])
def erase(request, pk):
    got = access.person_for(request.user, pk, channel="api")
    with problems_from(actions.RetentionError):
        actions.erase(got.record, actor=request.user, channel="api")
    got.record.refresh_from_db()  # the tombstone
    return Response(PersonRetentionSerializer(_person_retention(got.record)).data, status=status.HTTP_201_CREATED)


@extend_schema(request=HoldReasonSerializer, responses={201: HoldSerializer},
               summary="Hold the person's records: nothing of them is erased while the hold lasts")
@api_view(["POST"])
def place_hold(request, pk):
    got = access.person_for(request.user, pk, channel="api")
    serializer = HoldReasonSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.RetentionError):
        made = actions.place_hold(got.record, actor=request.user, channel="api", **serializer.validated_data)
    return Response(HoldSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=HoldReasonSerializer, responses=HoldSerializer, summary="Lift the hold on the person's records")
@api_view(["POST"])
def lift_hold(request, pk):
    got = access.person_for(request.user, pk, channel="api")
    serializer = HoldReasonSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with problems_from(actions.RetentionError):
        lifted = actions.lift_hold(got.record, actor=request.user, channel="api", **serializer.validated_data)
    return Response(HoldSerializer(lifted).data)
