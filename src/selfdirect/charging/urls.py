from django.urls import path

from . import views

app_name = "charging"
urlpatterns = [
    path("<int:pk>/charging/", views.summary, name="summary"),
    path("<int:pk>/charging/new/", views.new, name="new"),
    path("<int:pk>/charging/import/", views.import_file, name="import"),
    path("<int:pk>/charging/<int:assessment_pk>/", views.detail, name="detail"),
    path("<int:pk>/charging/<int:assessment_pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/charging/<int:assessment_pk>/letter.pdf", views.letter_pdf, name="letter-pdf"),
]
