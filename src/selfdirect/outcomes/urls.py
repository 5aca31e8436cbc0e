from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/reviews/ask/", views.ask, name="ask"),
    path("<int:pk>/reviews/change/", views.trigger, name="trigger"),
    path("<int:pk>/reviews/requests/<int:request_pk>/", views.decide, name="decide"),
    path("reviews-due/", views.reviews_due, name="reviews-due"),
]
