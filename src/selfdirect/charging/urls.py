from django.urls import path

from . import views

app_name = "charging"
urlpatterns = [
    path("finance/assessment-requests/", views.request_queue, name="assessment-requests"),
    path("people/<int:pk>/charging/", views.summary, name="summary"),
    path("people/<int:pk>/charging/new/", views.new, name="new"),
    path("people/<int:pk>/charging/import/", views.import_file, name="import"),
    path("people/<int:pk>/charging/ask/", views.ask, name="ask"),
    path("people/<int:pk>/charging/requests/<int:request_pk>/start/", views.start_request, name="start-request"),
    path("people/<int:pk>/charging/requests/<int:request_pk>/cancel/", views.cancel_request, name="cancel-request"),
    path("people/<int:pk>/charging/<int:assessment_pk>/", views.detail, name="detail"),
    path("people/<int:pk>/charging/<int:assessment_pk>/letter/", views.letter, name="letter"),
    path("people/<int:pk>/charging/<int:assessment_pk>/letter.pdf", views.letter_pdf, name="letter-pdf"),
]
