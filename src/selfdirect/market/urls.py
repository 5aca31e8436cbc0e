from django.urls import path

from . import views

app_name = "market"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("services/<int:pk>/", views.service_page, name="service"),
    path("easy-read/", views.search_easy, name="search-easy"),
    path("services/<int:pk>/easy-read/", views.service_easy, name="service-easy"),
    path("print/", views.print_page, name="print"),
    path("print.pdf", views.print_pdf, name="print-pdf"),
    path("yours/", views.your_entries, name="yours"),
    path("yours/services/<int:pk>/price/", views.change_price, name="change-price"),
    path("yours/services/<int:pk>/places/", views.report_capacity, name="report-capacity"),
    path("yours/details/", views.change_details, name="change-details"),
    path("yours/services/new/", views.add_service, name="add-service"),
    path("yours/services/<int:pk>/", views.change_service, name="change-service"),
    path("yours/services/<int:pk>/times/", views.service_times, name="service-times"),
    path("yours/times/<int:pk>/remove/", views.remove_time, name="remove-time"),
    path("yours/venues/new/", views.add_venue, name="add-venue"),
    path("yours/venues/<int:pk>/", views.change_venue, name="change-venue"),
    path("providers/waiting/", views.waiting, name="waiting"),
    path("providers/<int:pk>/confirm/", views.confirm_provider, name="confirm-provider"),
    path("providers/<int:pk>/decline/", views.decline_provider, name="decline-provider"),
    path("reviews/policy/", views.review_policy_page, name="review-policy"),
    path("services/<int:pk>/review/", views.write_review, name="write-review"),
    path("reviews/waiting/", views.reviews_waiting, name="reviews-waiting"),
    path("reviews/<int:pk>/check/", views.moderate_review, name="moderate-review"),
    path("yours/reviews/<int:pk>/reply/", views.reply_to_review, name="reply-to-review"),
    # a worker's search with a person, recording what was suggested to them and why (<pk> is the person)
    path("people/<int:pk>/", views.suggest, name="suggest"),
    # a review the person gave on paper, by phone or at a meeting, written down by a worker (<pk> is the person)
    path("people/<int:pk>/review/", views.record_review_given, name="record-review"),
]
