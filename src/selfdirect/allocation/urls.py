from django.urls import path

from . import views

app_name = "allocation"
urlpatterns = [
    path("", views.index, name="index"),
    path("publish/", views.publish, name="publish"),
    path("calibrate/", views.calibrate, name="calibrate"),
    path("fairness/", views.audit, name="audit"),
]
