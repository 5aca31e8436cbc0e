from django.urls import path

from . import helped_views, views

app_name = "outcomes"
urlpatterns = [
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/reviews/ask/", views.ask, name="ask"),
    path("<int:pk>/reviews/change/", views.trigger, name="trigger"),
    path("<int:pk>/reviews/requests/<int:request_pk>/", views.decide, name="decide"),
    path("reviews-due/", views.reviews_due, name="reviews-due"),
    # a review held, its questionnaires' answers and its stories
    path("<int:pk>/reviews/<int:review_pk>/", views.held, name="held"),
    path("<int:pk>/reviews/<int:review_pk>/answers/person/", views.answers, {"respondent": "person"},
         name="answers-person"),
    path("<int:pk>/reviews/<int:review_pk>/answers/family-carer/", views.answers, {"respondent": "family_carer"},
         name="answers-family-carer"),
    path("<int:pk>/reviews/<int:review_pk>/answers/worker/", views.answers, {"respondent": "worker"},
         name="answers-worker"),
    path("<int:pk>/reviews/<int:review_pk>/answers/person/easy-read/", views.easy_read, {"respondent": "person"},
         name="easy-read-person"),
    path("<int:pk>/reviews/<int:review_pk>/answers/family-carer/easy-read/", views.easy_read,
         {"respondent": "family_carer"}, name="easy-read-family-carer"),
    path("<int:pk>/reviews/<int:review_pk>/answers/worker/easy-read/", views.easy_read, {"respondent": "worker"},
         name="easy-read-worker"),
    path("<int:pk>/reviews/<int:review_pk>/stories/new/", views.add_story, name="add-story"),
    path("<int:pk>/reviews/<int:review_pk>/stories/<int:story_pk>/consent/", views.story_consent, name="story-consent"),
    path("<int:pk>/reviews/<int:review_pk>/stories/<int:story_pk>/recording/", views.story_audio, name="story-audio"),
    path("helped/", helped_views.helped_page, name="helped"),
    path("helped/email/", helped_views.digest, name="helped-email"),
    path("helped/team/", helped_views.team_helped, name="helped-team"),
]
