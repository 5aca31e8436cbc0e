from django.urls import path

from . import views

# Included by the root URLconf in the "people" namespace, with the person pages that live in site.urls.
urlpatterns = [
    path("<int:pk>/carers/add/", views.add_carer, name="add-carer"),
    path("<int:pk>/representatives/add/", views.add_representative, name="add-representative"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/representatives/<int:rep_pk>/end/", views.end_authority, name="end-authority"),
    path("code-lists/", views.reference_lists, name="reference-lists"),
    path("code-lists/<slug:name>/", views.reference_list, name="reference-list"),
]

# People's pages whose paths are not under people/: the root URLconf lists these at the top level, without a namespace.
outside_people_patterns = [
    path("carer/", views.carer_home, name="carer-home"),
    path("invitations/<int:pk>/letter/", views.letter, name="invitation-letter"),
]
