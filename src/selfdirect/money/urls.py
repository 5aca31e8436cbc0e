from django.urls import path

from . import deferred_views, invoice_views, run_views, views

app_name = "money"
urlpatterns = [
    path("people/<int:pk>/account/", views.account, name="account"),
    path("people/<int:pk>/account/spending/", views.record_spending, name="record-spending"),
    path("people/<int:pk>/account/surplus/", views.surplus, name="surplus"),
    path("people/<int:pk>/account/one-off/", views.one_off, name="one-off"),
    path("people/<int:pk>/account/suspend/", views.suspend, name="suspend"),
    path("people/<int:pk>/account/return/", views.monthly_return, name="monthly-return"),
    path("people/<int:pk>/account/receipts/<int:record_pk>/", views.receipt, name="receipt"),
    path("people/<int:pk>/deferred-payments/", deferred_views.deferred_payments, name="deferred-payments"),
    path("people/<int:pk>/deferred-payments/<int:agreement_pk>/", deferred_views.deferred_payment,
         name="deferred-payment"),
    path("people/<int:pk>/deferred-payments/<int:agreement_pk>/statements/<int:statement_pk>/",
         deferred_views.deferred_statement, name="deferred-statement"),
    path("people/<int:pk>/account/contributions/", invoice_views.person, name="person-contributions"),
    path("people/<int:pk>/account/contributions/collection/", invoice_views.collection, name="contribution-collection"),
    path("finance/", views.finance, name="finance"),
    path("finance/contributions/", invoice_views.finance, name="contributions"),
    path("finance/deferred-interest/", deferred_views.deferred_interest, name="deferred-interest"),
    path("finance/statements/", views.import_statement, name="import-statement"),
    path("finance/reconcile/", views.reconcile, name="reconcile"),
    path("finance/reconcile/<int:line_pk>/", views.match_line, name="match-line"),
    path("finance/runs/prepare/", run_views.prepare_run, name="prepare-run"),
    path("finance/runs/<int:run_pk>/", run_views.run, name="run"),
    path("finance/runs/<int:run_pk>.csv", views.run_file, name="run-file"),
]
