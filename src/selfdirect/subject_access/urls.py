from django.urls import path

from . import views

app_name = "subject_access"

_one = "people/<int:pk>/subject-access/<int:sar_pk>/"
_item = _one + "items/<int:sar_item_pk>/"

urlpatterns = [
    path("subject-access/", views.index, name="index"),
    path("people/<int:pk>/subject-access/", views.person, name="person"),
    path("people/<int:pk>/subject-access/new/", views.new, name="new"),
    path(_one, views.detail, name="request"),
    path(_one + "gather/", views.gather, name="gather"),
    path(_one + "extend/", views.extend, name="extend"),
    path(_one + "refuse/", views.refuse, name="refuse"),
    path(_one + "finish/", views.finish, name="finish"),
    path(_one + "return/", views.return_review, name="return"),
    path(_one + "approve/", views.approve, name="approve"),
    path(_one + "release/", views.release, name="release"),
    path(_one + "archive.zip", views.download, name="archive"),
    path(_item, views.item, name="item"),
    path(_item + "redact/", views.redact, name="redact"),
    path(_item + "withhold/", views.withhold, name="withhold"),
    path(_item + "take-back/", views.withdraw, name="withdraw"),
]
