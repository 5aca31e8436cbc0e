from django.urls import include, path

urlpatterns = [
    path("", include("selfdirect.core.urls")),
    path("", include("selfdirect.accounts.urls")),
    path("people/", include("selfdirect.people.urls")),
    path("people/", include("selfdirect.assessment.urls")),
    path("", include("selfdirect.planning.urls")),
    path("", include("selfdirect.money.urls")),
    path("people/", include("selfdirect.journey.urls")),
    path("people/", include("selfdirect.outcomes.urls")),
    path("people/", include("selfdirect.charging.urls")),
    path("audit/", include("selfdirect.audit.urls")),
    path("insight/", include("selfdirect.insight.urls")),
    path("allocation/", include("selfdirect.allocation.urls")),
    path("api/v1/", include("selfdirect.api_urls")),
]

handler404 = "selfdirect.core.views.not_found"
handler403 = "selfdirect.core.views.forbidden"
