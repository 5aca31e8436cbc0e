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
]
