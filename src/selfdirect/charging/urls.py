from django.urls import path

from . import views

app_name = "charging"
urlpatterns = [
    path("<int:pk>/charging/", views.summary, name="summary"),
    path("<int:pk>/charging/new/", views.new, name="new"),
    path("<int:pk>/charging/import/", views.import_file, name="import"),
    path("<int:pk>/charging/ask/", views.ask, name="ask"),
    path("<int:pk>/charging/requests/<int:request_pk>/start/", views.start_request, name="start-request"),
    path("<int:pk>/charging/requests/<int:request_pk>/cancel/", views.cancel_request, name="cancel-request"),
    path("<int:pk>/charging/<int:assessment_pk>/", views.detail, name="detail"),
    path("<int:pk>/charging/<int:assessment_pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/charging/<int:assessment_pk>/letter.pdf", views.letter_pdf, name="letter-pdf"),
]
