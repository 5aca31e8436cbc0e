from django.urls import path

from . import views

app_name = "money"
urlpatterns = [
    path("people/<int:pk>/account/", views.account, name="account"),
    path("people/<int:pk>/account/spending/", views.record_spending, name="record-spending"),
    path("people/<int:pk>/account/surplus/", views.surplus, name="surplus"),
    path("people/<int:pk>/account/one-off/", views.one_off, name="one-off"),
    path("people/<int:pk>/account/suspend/", views.suspend, name="suspend"),
    path("people/<int:pk>/account/return/", views.monthly_return, name="monthly-return"),
    path("people/<int:pk>/account/receipts/<int:record_pk>/", views.receipt, name="receipt"),
    path("finance/", views.finance, name="finance"),
    path("finance/statements/", views.import_statement, name="import-statement"),
    path("finance/reconcile/", views.reconcile, name="reconcile"),
    path("finance/reconcile/<int:line_pk>/", views.match_line, name="match-line"),
    path("finance/runs/<int:run_pk>.csv", views.run_file, name="run-file"),
]
