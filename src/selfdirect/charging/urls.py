from django.urls import path

from . import rates_views, uprating_views, views

app_name = "charging"
urlpatterns = [
    path("finance/assessment-requests/", views.request_queue, name="assessment-requests"),
    path("finance/charging-policy/", views.policy, name="policy"),
    path("finance/charging-rates/", rates_views.rates, name="rates"),
    path("finance/charging-rates/<str:year>.json", rates_views.blank, name="rates-blank"),
    # every assessment worked out again with a new year's rates, on the task worker (charging.jobs)
    path("finance/uprating/", uprating_views.uprating, name="uprating"),
    path("finance/uprating/<int:job_pk>/", uprating_views.uprating_result, name="uprating-result"),
    path("finance/charging-policy/new/", views.policy_new, name="policy-new"),
    path("people/<int:pk>/charging/", views.summary, name="summary"),
    path("people/<int:pk>/charging/new/", views.new, name="new"),
    path("people/<int:pk>/charging/import/", views.import_file, name="import"),
    path("people/<int:pk>/charging/ask/", views.ask, name="ask"),
    path("people/<int:pk>/charging/requests/<int:request_pk>/start/", views.start_request, name="start-request"),
    path("people/<int:pk>/charging/requests/<int:request_pk>/cancel/", views.cancel_request, name="cancel-request"),
    path("people/<int:pk>/charging/<int:assessment_pk>/", views.detail, name="detail"),
    path("people/<int:pk>/charging/<int:assessment_pk>/letter/", views.letter, name="letter"),
    path("people/<int:pk>/charging/<int:assessment_pk>/letter.pdf", views.letter_pdf, name="letter-pdf"),
    # Looking at an assessment again (issue 17)
    path("finance/look-again/", views.reconsideration_queue, name="reconsiderations"),
    path("people/<int:pk>/charging/<int:assessment_pk>/look-again/", views.look_again, name="look-again"),
    path("people/<int:pk>/charging/look-again/<int:reconsideration_pk>/decide/", views.decide_look_again,
         name="decide-look-again"),
    # Top-ups (issue 18)
    path("people/<int:pk>/charging/top-ups/", views.top_ups_page, name="top-ups"),
    path("people/<int:pk>/charging/top-ups/new/", views.top_up_new, name="top-up-new"),
    path("people/<int:pk>/charging/top-ups/<int:top_up_pk>/close/", views.top_up_close, name="top-up-close"),
]
