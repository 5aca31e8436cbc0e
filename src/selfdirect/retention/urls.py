from django.urls import path

from . import views

app_name = "retention"
urlpatterns = [
    path("", views.index, name="index"),
    path("schedule/", views.edit_schedule, name="schedule"),
    path("due/", views.due, name="due"),
    path("holds/", views.holds, name="holds"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/erase/", views.erase, name="erase"),
    path("people/<int:pk>/hold/", views.place_hold, name="place-hold"),
    path("people/<int:pk>/hold/lift/", views.lift_hold, name="lift-hold"),
]
