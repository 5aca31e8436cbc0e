"""The directory's open Open Referral UK API (/openreferral/): exactly the endpoints of the UK profile's openapi.json
(tests/market/fixtures/oruk/openapi.json), for any directory, app or search service to read.

- Open: no key, no sign-in (a published directory is public information), read only (GET).
- Throttled per client address: settings.ORUK_API_RATE (DRF's "number/period", "120/minute" unless set).
- `Access-Control-Allow-Origin: *` on every answer, errors included, so a page on another site can read it.
- Pages as the profile's Page says (total_items, total_pages, page_number, size, first_page, last_page, empty,
  contents), `page` from 1 and `per_page` up to MAX_PER_PAGE.
- A parameter that cannot be used is a 400 naming it; an unknown id is a 404; both JSON (problem details).
- `postcode` and `proximity` on /service_at_locations are accepted and not applied: the directory holds no postcode
  centroids to measure from.
- /service_at_locations/{id} answers the service, fully nested, with that venue only: the profile's openapi.json
  gives compiled/service.json as this endpoint's answer.
- Left out of the project's own OpenAPI document (/api/v1/schema/): this API is described by the profile's.
"""

import math

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import oruk

PER_PAGE = 50
MAX_PER_PAGE = 200
DEFAULT_RATE = "120/minute"


class OpenReferralThrottle(AnonRateThrottle):
    """Requests a client address may make: settings.ORUK_API_RATE, read at each request."""

    scope = "openreferral"

    def get_rate(self):
        return getattr(settings, "ORUK_API_RATE", DEFAULT_RATE)


@extend_schema(exclude=True)
class OpenReferralView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenReferralThrottle]
    renderer_classes = [JSONRenderer]
    http_method_names = ["get", "head", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


def _whole(params, name: str, default: int) -> int:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: [f"{name} must be a whole number"]}) from None
    if number < 1:
        raise ValidationError({name: [f"{name} must be 1 or more"]})
    return number


def page_of(items, params, write) -> dict:
    """One page of `items` (a queryset, counted then sliced: two queries), each written by `write`."""
    page = _whole(params, "page", 1)
    per_page = min(_whole(params, "per_page", PER_PAGE), MAX_PER_PAGE)
    total = items.count()
    total_pages = max(1, math.ceil(total / per_page))
    contents = [write(item) for item in items[(page - 1) * per_page : page * per_page]] if total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _filtered(params):
    try:
        return oruk.filter_services(oruk.published_services(), params)
    except oruk.BadParameter as problem:
        raise ValidationError({problem.name: [str(problem)]}) from None


def _found(record, what: str):
    if record is None:
        raise NotFound(f"No {what} with that id is published here")
    return record


class Index(OpenReferralView):
    def get(self, request):
        return Response(oruk.meta())


class Services(OpenReferralView):
    def get(self, request):
        return Response(page_of(_filtered(request.query_params), request.query_params, oruk.service_list_item))


class OneService(OpenReferralView):
    def get(self, request, id):
        return Response(oruk.full_service(_found(oruk.published_service(id), "service")))


class ServicesAtLocations(OpenReferralView):
    def get(self, request):
        at_locations = oruk.published_at_locations(_filtered(request.query_params))
        return Response(page_of(at_locations, request.query_params, oruk.service_at_location_item))


class OneServiceAtLocation(OpenReferralView):
    def get(self, request, id):
        at = _found(oruk.published_service_at_location(id), "service at a location")
        service = _found(oruk.published_service(str(at.service.uuid)), "service at a location")
        return Response(oruk.full_service(service, only_at=at))


class Taxonomies(OpenReferralView):
    def get(self, request):
        return Response(page_of(oruk.taxonomies(), request.query_params, oruk.taxonomy))


class OneTaxonomy(OpenReferralView):
    def get(self, request, id):
        return Response(oruk.taxonomy(_found(oruk.published_taxonomy(id), "taxonomy"), with_terms=True))


class TaxonomyTerms(OpenReferralView):
    def get(self, request):
        return Response(page_of(oruk.taxonomy_terms(), request.query_params, oruk.taxonomy_term))


class OneTaxonomyTerm(OpenReferralView):
    def get(self, request, id):
        return Response(oruk.taxonomy_term(_found(oruk.published_term(id), "taxonomy term")))
