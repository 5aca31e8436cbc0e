from django.urls import path

from . import saq_views, views

app_name = "allocation"
urlpatterns = [
    path("allocation/", views.index, name="index"),
    path("allocation/publish/", views.publish, name="publish"),
    path("allocation/calibrate/", views.calibrate, name="calibrate"),
    path("allocation/fairness/", views.audit, name="audit"),
    path("people/<int:pk>/self-assessment/", saq_views.start, name="saq-start"),
    path("people/<int:pk>/self-assessment/check/", saq_views.check, name="saq-check"),
    path("people/<int:pk>/self-assessment/<slug:domain>/", saq_views.domain_page, name="saq-domain"),
    path("people/<int:pk>/indicative-budget/", saq_views.indicative, name="indicative"),
    path("people/<int:pk>/indicative-budget.pdf", saq_views.indicative_pdf, name="indicative-pdf"),
    path("people/<int:pk>/assessment/", saq_views.record, name="record-assessment"),
]
