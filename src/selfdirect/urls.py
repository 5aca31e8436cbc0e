from django.urls import include, path

from selfdirect.people import urls as people_urls
from selfdirect.site import urls as site_urls

urlpatterns = [
    path("", include("selfdirect.site.urls")),
    path("", include("selfdirect.core.urls")),
    path("", include("selfdirect.accounts.urls")),
    *people_urls.outside_people_patterns,  # /carer/ and /invitations/<pk>/letter/
    path("people/", include((site_urls.people_patterns + people_urls.urlpatterns, "people"))),
    path("people/", include("selfdirect.assessment.urls")),
    path("", include("selfdirect.planning.urls")),
    path("", include("selfdirect.money.urls")),
    path("people/", include("selfdirect.journey.urls")),
    path("people/", include("selfdirect.outcomes.urls")),
    path("", include("selfdirect.charging.urls")),
    path("audit/", include("selfdirect.audit.urls")),
    path("insight/", include("selfdirect.insight.urls")),
    path("research/", include("selfdirect.research.urls")),
    path("", include("selfdirect.subject_access.urls")),
    path("retention/", include("selfdirect.retention.urls")),
    path("", include("selfdirect.allocation.urls")),
    path("directory/", include("selfdirect.market.urls")),  # the market directory (namespace "market")
    path("openreferral/", include("selfdirect.market.oruk_urls")),  # the open Open Referral UK API (market.api)
    path("api/v1/", include("selfdirect.api_urls")),
]

handler404 = "selfdirect.core.views.not_found"
handler403 = "selfdirect.core.views.forbidden"
handler500 = "selfdirect.core.views.server_error"
