from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("<int:pk>/assessment/start/", views.start, name="start"),
    path("<int:pk>/eligibility/", views.impairment, name="eligibility"),
    path("<int:pk>/eligibility/outcomes/", views.outcomes, name="eligibility-outcomes"),
    path("<int:pk>/eligibility/wellbeing/", views.wellbeing, name="eligibility-wellbeing"),
    path("<int:pk>/eligibility/check/", views.check, name="eligibility-check"),
    path("<int:pk>/eligibility/decision/", views.decision, name="decision"),
]
