from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.project, name="project"),
    path("<int:pk>/people/", views.add_people, name="add-people"),
    path("<int:pk>/releases/new/", views.make_release, name="make-release"),
    path("<int:pk>/stories/", views.stories, name="stories"),
    path("releases/<int:pk>/", views.release, name="release"),
    path("releases/<int:pk>.csv", views.release_csv, name="release-csv"),
]
