from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", RedirectView.as_view(pattern_name="people:new-step", permanent=False), {"step": "about"}, name="new"),
    path("new/check/", views.new_person_check, name="new-check"),
    path("new/cancel/", views.forget_new_person, name="new-cancel"),
    path("new/<slug:step>/", views.new_person_step, name="new-step"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/carers/add/", views.add_carer, name="add-carer"),
    path("<int:pk>/representatives/add/", views.add_representative, name="add-representative"),
    path("code-lists/", views.reference_lists, name="reference-lists"),
    path("code-lists/<slug:name>/", views.reference_list, name="reference-list"),
]
