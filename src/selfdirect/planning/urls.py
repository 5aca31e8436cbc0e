from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/plan/outcomes/", views.add_outcome, name="add-outcome"),
    path("<int:pk>/plan/items/add/", views.add_item, name="add-item"),
    path("<int:pk>/plan/items/<int:item_pk>/remove/", views.remove_item, name="remove-item"),
    path("<int:pk>/plan/reason/", views.set_reason, name="set-reason"),
    path("<int:pk>/plan/submit/", views.submit, name="submit"),
    path("<int:pk>/plan/decision/", views.decide, name="decide"),
    path("<int:pk>/money/", views.organise_money, name="organise-money"),
]
