"""The open Open Referral UK API, at /openreferral/ (market.api): the UK profile's paths, without trailing
slashes as the profile writes them. Ids are the records' UUIDs; any other id is "not found"."""

from django.urls import path

from . import api

app_name = "openreferral"

urlpatterns = [
    path("", api.Index.as_view(), name="index"),
    path("services", api.Services.as_view(), name="services"),
    path("services/<str:id>", api.OneService.as_view(), name="service"),
    path("service_at_locations", api.ServicesAtLocations.as_view(), name="service-at-locations"),
    path("service_at_locations/<str:id>", api.OneServiceAtLocation.as_view(), name="service-at-location"),
    path("taxonomies", api.Taxonomies.as_view(), name="taxonomies"),
    path("taxonomies/<str:id>", api.OneTaxonomy.as_view(), name="taxonomy"),
    path("taxonomy_terms", api.TaxonomyTerms.as_view(), name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", api.OneTaxonomyTerm.as_view(), name="taxonomy-term"),
]
