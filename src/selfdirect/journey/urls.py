from django.urls import path

from . import views

app_name = "journey"
urlpatterns = [path("<int:pk>/step-back/", views.step_back, name="step-back")]
