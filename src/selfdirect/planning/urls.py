from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("people/<int:pk>/plan/", views.plan, name="plan"),
    path("people/<int:pk>/plan/outcomes/", views.add_outcome, name="add-outcome"),
    path("people/<int:pk>/plan/items/add/", views.add_item, name="add-item"),
    path("people/<int:pk>/plan/items/<int:item_pk>/remove/", views.remove_item, name="remove-item"),
    path("people/<int:pk>/plan/items/<int:item_pk>/provider/", views.choose_provider, name="choose-provider"),
    path("people/<int:pk>/plan/directory/", views.plan_directory, name="directory"),
    path("people/<int:pk>/plan/directory/suggest/", views.directory_suggest, name="directory-suggest"),
    path("people/<int:pk>/plan/reason/", views.set_reason, name="set-reason"),
    path("people/<int:pk>/plan/details/", views.set_details, name="set-details"),
    path("people/<int:pk>/plan/risks/", views.add_risk, name="add-risk"),
    path("people/<int:pk>/plan/unpaid/", views.propose_unpaid, name="propose-unpaid"),
    path("people/<int:pk>/plan/suggestions/<int:proposal_pk>/", views.respond, name="respond"),
    path("people/<int:pk>/plan/submit/", views.submit, name="submit"),
    path("people/<int:pk>/plan/decision/", views.decide, name="decide"),
    path("people/<int:pk>/plan/sign/", views.sign, name="sign"),
    path("people/<int:pk>/plan/print/", views.printable, name="print"),
    path("people/<int:pk>/plan.pdf", views.plan_pdf, name="pdf"),
    path("people/<int:pk>/plan/share/", views.share_example, name="share"),
    path("people/<int:pk>/money/", views.organise, name="organise"),
    path("people/<int:pk>/money/choices/", views.record_choice, name="record-choice"),
    path("people/<int:pk>/money/confirm/", views.confirm_choices, name="confirm-choices"),
    path("people/<int:pk>/money/deliveries/", views.deliveries, name="deliveries"),
    path("people/<int:pk>/money/direct-payment/", views.direct_payment_setup, name="direct-payment"),
    path("people/<int:pk>/money/items/<int:item_pk>/", views.arrange, name="arrange"),
    path("people/<int:pk>/money/start/", views.start, name="start"),
    path("plans/examples/", views.examples, name="examples"),
    path("plans/can-it-be-bought/", views.can_it_be_bought, name="can-it-be-bought"),
    path("plans/choices/", views.choices_report, name="choices-report"),
]
