from django.urls import path

from . import saq_views, views

app_name = "assessment"
urlpatterns = [
    path("<int:pk>/assessment/start/", views.start, name="start"),
    path("<int:pk>/assessment/", views.record, name="record"),
    path("<int:pk>/eligibility/", views.impairment, name="eligibility"),
    path("<int:pk>/eligibility/outcomes/", views.outcomes, name="eligibility-outcomes"),
    path("<int:pk>/eligibility/wellbeing/", views.wellbeing, name="eligibility-wellbeing"),
    path("<int:pk>/eligibility/check/", views.check, name="eligibility-check"),
    path("<int:pk>/eligibility/decision/", views.decision, name="decision"),
    path("<int:pk>/self-assessment/", saq_views.start, name="saq-start"),
    path("<int:pk>/self-assessment/check/", saq_views.check, name="saq-check"),
    path("<int:pk>/self-assessment/<slug:domain>/", saq_views.domain_page, name="saq-domain"),
    path("<int:pk>/indicative-budget/", saq_views.indicative, name="indicative"),
    path("<int:pk>/indicative-budget.pdf", saq_views.indicative_pdf, name="indicative-pdf"),
]
