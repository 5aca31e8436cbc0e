from django.urls import path

from . import demo_views, views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboards/", views.dashboards_page, name="dashboards"),
    path("privacy/", views.privacy, name="privacy"),  # the privacy notice, readable signed out
    path("demo/", demo_views.rebuild, name="demo"),  # demo mode only: rebuild the demo council (site.jobs)
]

# The person pages gather every app's part of a person's record, so they live here; their names stay in the "people"
# namespace (people:list, people:detail, ...), which the root URLconf composes from these and people's own patterns.
people_patterns = [
    path("", views.person_list, name="list"),
    path("new/", views.new_person, name="new"),
    path("new/check/", views.new_person_check, name="new-check"),
    path("new/cancel/", views.forget_new_person, name="new-cancel"),
    path("new/<slug:step>/", views.new_person_step, name="new-step"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/at-a-glance/", views.at_a_glance, name="at-a-glance"),
]
