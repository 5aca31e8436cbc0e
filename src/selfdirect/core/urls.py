from django.urls import path

from selfdirect.charging import views as charging

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("dashboards/", views.dashboards_page, name="dashboards"),
    path("finance/assessment-requests/", charging.request_queue, name="assessment-requests"),
]
