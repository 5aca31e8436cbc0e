from django.urls import path

from . import views

# Included by the root URLconf in the "people" namespace, with the person pages that live in site.urls.
urlpatterns = [
    path("<int:pk>/carers/add/", views.add_carer, name="add-carer"),
    path("<int:pk>/representatives/add/", views.add_representative, name="add-representative"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/representatives/<int:rep_pk>/end/", views.end_authority, name="end-authority"),
    path("<int:pk>/representatives/<int:rep_pk>/review/", views.review_authority, name="review-authority"),
    path("<int:pk>/consents/", views.consents, name="consents"),
    path("<int:pk>/consents/<slug:purpose>/record/", views.record_consent, name="record-consent"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.withdraw_consent, name="withdraw-consent"),
    path("code-lists/", views.reference_lists, name="reference-lists"),
    path("code-lists/<slug:name>/", views.reference_list, name="reference-list"),
]

# People's pages whose paths are not under people/: the root URLconf lists these at the top level, without a namespace.
outside_people_patterns = [
    path("carer/", views.carer_home, name="carer-home"),
    path("invitations/<int:pk>/letter/", views.letter, name="invitation-letter"),
    # The information a person is given before they consent: anyone may read it (it is given to people on paper too);
    # an administrator publishes a new version.
    path("consent-information/", views.consent_information_list, name="consent-information"),
    path("consent-information/<slug:purpose>/", views.consent_information, name="consent-information-purpose"),
    path("consent-information/<slug:purpose>/easy-read/", views.consent_information_easy_read,
         name="consent-information-easy-read"),
    path("consent-information/<slug:purpose>/new/", views.new_consent_information, name="new-consent-information"),
]
