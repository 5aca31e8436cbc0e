"""Subject access requests through the API, by the same access rules and actions as the pages: the team's open
requests by deadline; a person's requests, and logging one; a request with its gathered items as the release shows
them; gathering, redacting, withholding and taking back, finishing the review, returning it, approving (never the
reviewer), releasing, extending and refusing; and the released archive, made again from the frozen review and checked
against its recorded SHA-256."""

import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from selfdirect.audit import actions as audit
from selfdirect.core.api import DomainConflict, FieldProblem, problems_from
from selfdirect.people import access as people_access

from . import access, actions, exemptions, queries
from .models import SubjectAccessRequest


class RequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    state = serializers.CharField(read_only=True)
    stage = serializers.SerializerMethodField(help_text="Where the request is, in a few words")
    received_on = serializers.DateField()
    received_how = serializers.ChoiceField(choices=SubjectAccessRequest.Channel.choices)
    requester = serializers.ChoiceField(choices=SubjectAccessRequest.Requester.choices)
    requester_name = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    requester_relationship = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    representative = serializers.IntegerField(source="representative_id", required=False, allow_null=True,
                                              default=None,
                                              help_text="The id of the person's recorded representative who asked")
    identity_checked = serializers.CharField(max_length=5000)
    authority_checked = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    asked_for = serializers.CharField(max_length=5000)
    proof_arrived_on = serializers.DateField(required=False, allow_null=True, default=None)
    starts_on = serializers.DateField(read_only=True)
    first_due_on = serializers.DateField(read_only=True, help_text="One month from the start")
    due_on = serializers.DateField(read_only=True, help_text="The deadline: three months from the start if extended")
    days_left = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    extended = serializers.BooleanField(read_only=True)
    extension_reason = serializers.CharField(read_only=True)
    extension_told_on = serializers.DateField(read_only=True)
    gathered_at = serializers.DateTimeField(read_only=True)
    review_done_at = serializers.DateTimeField(read_only=True)
    approved_at = serializers.DateTimeField(read_only=True)
    released_on = serializers.DateField(read_only=True)
    released_how = serializers.CharField(read_only=True)
    archive_sha256 = serializers.CharField(read_only=True)
    refusal_grounds = serializers.CharField(read_only=True)
    refusal_reason = serializers.CharField(read_only=True)

    def get_stage(self, sar) -> str:
        return queries.stage(sar)

    def get_days_left(self, sar) -> int:
        return queries.deadline_of(sar).days_left

    def get_overdue(self, sar) -> bool:
        return sar.is_open and queries.deadline_of(sar).overdue


class FieldSerializer(serializers.Serializer):
    label = serializers.CharField()
    text = serializers.CharField()


class RedactionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scope = serializers.CharField()
    field_index = serializers.IntegerField(allow_null=True)
    words = serializers.CharField()
    exemption = serializers.CharField()
    law = serializers.CharField(source="exemption_rule.law")
    reason = serializers.CharField()
    made_by = serializers.CharField(source="made_by.username")


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk")
    position = serializers.IntegerField(source="item.position")
    kind = serializers.CharField(source="item.kind")
    kind_label = serializers.CharField(source="item.kind_label")
    key = serializers.CharField(source="item.key")
    title = serializers.CharField(source="item.title")
    status = serializers.CharField()
    file_name = serializers.CharField(source="item.file_name")
    outside_authority = serializers.BooleanField(
        help_text="A representative asked, and the item is outside what their authority covers: withhold it (exemption "
                  "outside_authority) or give it if the person agreed")
    released = serializers.SerializerMethodField(help_text="The fields as the release shows them (none if withheld)")
    redactions = serializers.SerializerMethodField()

    def get_released(self, view) -> list[dict]:
        return FieldSerializer([{"label": label, "text": text} for label, text in view.released], many=True).data

    def get_redactions(self, view) -> list[dict]:
        found = view.redactions + ([view.withheld] if view.withheld is not None else [])
        return RedactionSerializer(found, many=True).data


class RequesterAuthoritySerializer(serializers.Serializer):
    who = serializers.CharField()
    recorded = serializers.BooleanField(help_text="False: the requester is not recorded as acting for the person, so "
                                                  "what their authority covers is not known here")
    kinds = serializers.ListField(child=serializers.CharField(), help_text="Their live authorities' kinds")
    covers = serializers.ListField(child=serializers.CharField(), help_text="What those authorities cover")


class RequestWithItemsSerializer(RequestSerializer):
    authority = serializers.SerializerMethodField(
        help_text="For a request made by a representative, what their authority covers (null for the person's own)")
    items = serializers.SerializerMethodField()

    @extend_schema_field(RequesterAuthoritySerializer(allow_null=True))
    def get_authority(self, sar) -> dict | None:
        found = queries.authority_of(sar)
        return RequesterAuthoritySerializer(found).data if found is not None else None

    def get_items(self, sar) -> list[dict]:
        return ItemSerializer(queries.item_views(sar), many=True).data


class GatheredSerializer(serializers.Serializer):
    items = serializers.IntegerField()


class RedactSerializer(serializers.Serializer):
    field_index = serializers.IntegerField(min_value=0, help_text="Which of the item's fields, counting from 0")
    words = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                  help_text="The words to take out; empty for the whole field")
    everywhere = serializers.BooleanField(required=False, default=False,
                                          help_text="Take the words out of every field of every item that holds them")
    exemption = serializers.ChoiceField(choices=exemptions.choices())
    reason = serializers.CharField(max_length=300, help_text="Shown in the release as “[redacted: reason]”")


class WithholdSerializer(serializers.Serializer):
    exemption = serializers.ChoiceField(choices=exemptions.choices())
    reason = serializers.CharField(max_length=300)


class TakeBackSerializer(serializers.Serializer):
    redaction = serializers.IntegerField(help_text="The id of a live redaction of this item")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class ExtendSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Why the extension is necessary")
    told_on = serializers.DateField(help_text="The day the requester was told, within the first month")


class RefuseSerializer(serializers.Serializer):
    grounds = serializers.ChoiceField(choices=list(exemptions.REFUSAL_GROUNDS.items()))
    reason = serializers.CharField(max_length=5000)
    told_on = serializers.DateField(help_text="The day the requester was told the reasons and their rights")


class ReleaseSerializer(serializers.Serializer):
    how = serializers.ChoiceField(choices=SubjectAccessRequest.HowGiven.choices)


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _detail(request, got) -> Response:
    return Response(RequestWithItemsSerializer(got.record).data)


@extend_schema(responses=RequestSerializer(many=True),
               summary="The open subject access requests of the people the user's team works with, soonest due first")
@api_view(["GET"])
def team_requests(request):
    found = list(queries.requests_in(access.people_for_list(request.user)))
    audit.record_each([sar.person_id for sar in found], actor=request.user, action=audit.Action.READ, channel="api",
                      what="Listed on the subject access requests list")
    return Response(RequestSerializer(found, many=True).data)


@extend_schema(methods=["GET"], responses=RequestSerializer(many=True), summary="A person's subject access requests")
@extend_schema(methods=["POST"], request=RequestSerializer, responses={201: RequestSerializer},
               summary="Log a subject access request, with its deadline (one month; UK GDPR article 12(3))")
@api_view(["GET", "POST"])
def person_requests(request, pk):
    person = access.person_for(request.user, pk, channel="api")
    if request.method == "GET":
        return Response(RequestSerializer(queries.requests_of(person), many=True).data)
    data = dict(_valid(RequestSerializer, request))
    rep_id = data.pop("representative_id", None)
    representative = None
    if rep_id is not None:
        representative = people_access.representative_of(person, rep_id)
        if representative is None:
            raise FieldProblem("representative", "Representative must be someone recorded as acting for this person")
    with problems_from(actions.SubjectAccessError):
        made = actions.log_request(person, actor=request.user, representative=representative, channel="api", **data)
    return Response(RequestSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(responses=RequestWithItemsSerializer,
               summary="A subject access request, with its gathered items as the release shows them")
@api_view(["GET"])
def one(request, pk, sar_pk):
    return _detail(request, access.request_for(request.user, pk, sar_pk, channel="api"))


@extend_schema(request=None, responses=GatheredSerializer,
               summary="Gather everything held about the person into the request's review (a frozen snapshot)")
@api_view(["POST"])
def gather(request, pk, sar_pk):
    got = access.request_for(request.user, pk, sar_pk, channel="api")
    with problems_from(actions.SubjectAccessError):
        count = actions.gather(got.record, actor=request.user, channel="api")
    return Response({"items": count})


def _item(request, pk, sar_pk, sar_item_pk):
    return access.item_for(request.user, pk, sar_pk, sar_item_pk, channel="api")


@extend_schema(request=RedactSerializer, responses={201: RedactionSerializer(many=True)},
               summary="Redact words (or a whole field) of an item from the release, under an exemption; the records "
                       "are not changed")
@api_view(["POST"])
def redact(request, pk, sar_pk, sar_item_pk):
    _, item = _item(request, pk, sar_pk, sar_item_pk)
    data = _valid(RedactSerializer, request)
    with problems_from(actions.SubjectAccessError):
        made = actions.redact(item, actor=request.user, channel="api", **data)
    return Response(RedactionSerializer(made, many=True).data, status=status.HTTP_201_CREATED)


@extend_schema(request=WithholdSerializer, responses={201: RedactionSerializer},
               summary="Withhold a whole item from the release, under an exemption (the index still lists it)")
@api_view(["POST"])
def withhold(request, pk, sar_pk, sar_item_pk):
    _, item = _item(request, pk, sar_pk, sar_item_pk)
    data = _valid(WithholdSerializer, request)
    with problems_from(actions.SubjectAccessError):
        made = actions.withhold(item, actor=request.user, channel="api", **data)
    return Response(RedactionSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(request=TakeBackSerializer, responses=RedactionSerializer,
               summary="Take back a redaction or withholding of an item (it is kept, marked withdrawn)")
@api_view(["POST"])
def take_back(request, pk, sar_pk, sar_item_pk):
    _, item = _item(request, pk, sar_pk, sar_item_pk)
    data = _valid(TakeBackSerializer, request)
    with problems_from(actions.SubjectAccessError):
        found = actions.withdraw(item, data["redaction"], actor=request.user, channel="api")
    return Response(RedactionSerializer(found).data)


def _on_request(request, pk, sar_pk, verb, *, given=None, managers_only: bool = False):
    """One verb on a request through the API, as its page does it: the scoped fetch, refused (403) where the verb is a
    manager's and the user is not one, the input checked by `given` (400 naming each field), and the verb's domain
    errors as 400 or 409. Returns what the verb returns."""
    got = access.request_for(request.user, pk, sar_pk, channel="api")
    if managers_only and not got.manages:
        raise PermissionDenied
    data = _valid(given, request) if given is not None else {}
    with problems_from(actions.SubjectAccessError):
        return verb(got.record, actor=request.user, channel="api", **data)


@extend_schema(request=None, responses=RequestWithItemsSerializer,
               summary="The review is done: send it to a manager to approve")
@api_view(["POST"])
def finish(request, pk, sar_pk):
    _on_request(request, pk, sar_pk, actions.finish_review)
    return _detail(request, access.request_for(request.user, pk, sar_pk, channel="api"))


@extend_schema(request=ReasonSerializer, responses=RequestWithItemsSerializer,
               summary="Return the review to be changed (a manager of the person's team, or an administrator)")
@api_view(["POST"])
def return_review(request, pk, sar_pk):
    _on_request(request, pk, sar_pk, actions.return_review, given=ReasonSerializer, managers_only=True)
    return _detail(request, access.request_for(request.user, pk, sar_pk, channel="api"))


@extend_schema(request=None, responses=RequestWithItemsSerializer,
               summary="Approve the release (a manager of the person's team, or an administrator, who did not review "
                       "it: 409 for the reviewer)")
@api_view(["POST"])
def approve(request, pk, sar_pk):
    _on_request(request, pk, sar_pk, actions.approve, managers_only=True)
    return _detail(request, access.request_for(request.user, pk, sar_pk, channel="api"))


@extend_schema(request=ReleaseSerializer, responses=RequestSerializer,
               summary="Release the approved review: the archive is made, its SHA-256 recorded, the release audited")
@api_view(["POST"])
def release(request, pk, sar_pk):
    return Response(RequestSerializer(_on_request(request, pk, sar_pk, actions.release, given=ReleaseSerializer)).data)


@extend_schema(request=ExtendSerializer, responses=RequestSerializer,
               summary="Extend the deadline to three months from the start (once, told within the first month)")
@api_view(["POST"])
def extend(request, pk, sar_pk):
    return Response(RequestSerializer(_on_request(request, pk, sar_pk, actions.extend, given=ExtendSerializer)).data)


@extend_schema(request=RefuseSerializer, responses=RequestSerializer,
               summary="Refuse the request as manifestly unfounded or excessive (UK GDPR article 12(5); a manager)")
@api_view(["POST"])
def refuse(request, pk, sar_pk):
    made = _on_request(request, pk, sar_pk, actions.refuse, given=RefuseSerializer, managers_only=True)
    return Response(RequestSerializer(made).data)


@extend_schema(responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The archive")},
               summary="The released archive, made again from the frozen review and checked against its SHA-256 "
                       "(the team for 30 days after the release, administrators at any time); audited")
@api_view(["GET"])
def archive(request, pk, sar_pk):
    got = access.request_for(request.user, pk, sar_pk, channel="api")
    if not got.may_download:
        raise PermissionDenied
    sar = got.record
    if queries.missing_files(sar):
        raise DomainConflict("A file the archive held is no longer stored: it cannot be made again")
    out = tempfile.SpooledTemporaryFile(max_size=16 << 20)  # closed by the response when sent
    if queries.archive(sar, out, released_on=sar.released_on) != sar.archive_sha256:
        out.close()
        raise DomainConflict("The archive made again is not the one released: a file it held has changed")
    actions.record_download(sar, actor=request.user, channel="api")
    response = FileResponse(out, as_attachment=True, content_type="application/zip",
                            filename=f"subject-access-{got.person.la_person_id}-{sar.pk}.zip")
    response["Cache-Control"] = "private, no-store"
    return response
