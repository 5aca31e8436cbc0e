from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("<int:pk>/assessment/start/", views.start, name="start"),
    path("<int:pk>/assessment/", views.record, name="record"),
]
