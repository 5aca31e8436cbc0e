from django.urls import path

from . import deferred_views, fund_views, invoice_views, remittance_views, run_views, views

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
    # a person's contributions overdue (finance's): the check of their circumstances first, then any recovery
    path("people/<int:pk>/account/contributions/arrears/", invoice_views.arrears, name="contribution-arrears"),
    path("people/<int:pk>/account/contributions/arrears/check/", invoice_views.arrears_check,
         name="contribution-arrears-check"),
    path("people/<int:pk>/account/contributions/arrears/recovery/", invoice_views.recovery, name="contribution-recovery"),
    path("finance/", views.finance, name="finance"),
    path("finance/contributions/", invoice_views.finance, name="contributions"),
    path("finance/deferred-interest/", deferred_views.deferred_interest, name="deferred-interest"),
    path("finance/statements/", views.import_statement, name="import-statement"),
    # a provider's own statement of the individual service funds it holds
    path("provider/fund-statements/", fund_views.fund_statements, name="fund-statements"),
    path("finance/reconcile/", views.reconcile, name="reconcile"),
    path("finance/reconcile/<int:line_pk>/", views.match_line, name="match-line"),
    path("finance/runs/prepare/", run_views.prepare_run, name="prepare-run"),
    path("finance/runs/<int:run_pk>/", run_views.run, name="run"),
    path("finance/runs/<int:run_pk>.csv", views.run_file, name="run-file"),
    path("finance/runs/<int:run_pk>.bacs.txt", views.run_bacs_file, name="run-bacs-file"),
    # the remittance advice of a paid run: a provider's (its id) or a person's own direct payment account (their id)
    path("finance/runs/<int:run_pk>/remittances.csv", remittance_views.remittances_csv, name="remittances-csv"),
    path("finance/runs/<int:run_pk>/remittances/providers/<int:pk>/", remittance_views.remittance, {"payee": "provider"},
         name="provider-remittance"),
    path("finance/runs/<int:run_pk>/remittances/providers/<int:pk>.csv", remittance_views.remittance_csv, {"payee": "provider"},
         name="provider-remittance-csv"),
    path("finance/runs/<int:run_pk>/remittances/providers/<int:pk>.pdf", remittance_views.remittance_pdf, {"payee": "provider"},
         name="provider-remittance-pdf"),
    path("finance/runs/<int:run_pk>/remittances/people/<int:pk>/", remittance_views.remittance, {"payee": "person"},
         name="person-remittance"),
    path("finance/runs/<int:run_pk>/remittances/people/<int:pk>.csv", remittance_views.remittance_csv, {"payee": "person"},
         name="person-remittance-csv"),
    path("finance/runs/<int:run_pk>/remittances/people/<int:pk>.pdf", remittance_views.remittance_pdf, {"payee": "person"},
         name="person-remittance-pdf"),
]
