from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.project, name="project"),
    path("<int:pk>/people/", views.add_people, name="add-people"),
    path("<int:pk>/extract/", views.extract, name="extract"),
    path("<int:pk>/extract.csv", views.extract_csv, name="extract-csv"),
]
