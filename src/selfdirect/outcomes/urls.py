from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [path("<int:pk>/review/", views.review, name="review")]
