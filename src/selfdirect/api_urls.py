from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from selfdirect.accounts import api as accounts
from selfdirect.allocation import api as allocation
from selfdirect.charging import api as charging
from selfdirect.insight import api as insight
from selfdirect.journey import api as journey
from selfdirect.money import api as money
from selfdirect.outcomes import api as outcomes
from selfdirect.people import api as people
from selfdirect.planning import api as planning
from selfdirect.research import api as research
from selfdirect.site import api as site

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("token/", accounts.obtain_token, name="api-token"),
    path("people/", site.people, name="api-people"),
    path("accounts/", accounts.accounts, name="api-accounts"),
    path("accounts/<int:pk>/deactivate/", accounts.deactivate, name="api-account-deactivate"),
    path("accounts/<int:pk>/reactivate/", accounts.reactivate, name="api-account-reactivate"),
    path("accounts/<int:pk>/unlock/", accounts.unlock, name="api-account-unlock"),
    path("accounts/<int:pk>/tokens/", accounts.account_tokens, name="api-account-tokens"),
    path("accounts/<int:pk>/tokens/revoke/", accounts.revoke_account_tokens, name="api-account-tokens-revoke"),
    path("me/", accounts.me, name="api-me"),
    path("me/tokens/", accounts.my_tokens, name="api-my-tokens"),
    path("me/tokens/<int:pk>/revoke/", accounts.revoke_my_token, name="api-my-token-revoke"),
    path("people/<int:pk>/invitations/", people.invitations, name="api-invitations"),
    path("people/<int:pk>/representatives/<int:rep_pk>/end/", people.end_authority, name="api-end-authority"),
    path("people/<int:pk>/", site.person, name="api-person"),
    path("people/<int:pk>/case/", journey.case, name="api-case"),
    path("people/<int:pk>/case/transitions/", journey.transition, name="api-case-transition"),
    path("people/<int:pk>/assessment/", allocation.record, name="api-assessment"),
    path("people/<int:pk>/plan/", planning.plan, name="api-plan"),
    path("people/<int:pk>/plan/outcomes/", planning.add_outcome, name="api-plan-outcomes"),
    path("people/<int:pk>/plan/items/", planning.add_item, name="api-plan-items"),
    path("people/<int:pk>/plan/submit/", planning.submit, name="api-plan-submit"),
    path("people/<int:pk>/plan/decision/", planning.decide, name="api-plan-decision"),
    path("people/<int:pk>/money/", planning.organise_money, name="api-money"),
    path("people/<int:pk>/money/choices/", planning.choices, name="api-choices"),
    path("people/<int:pk>/money/direct-payment/", planning.direct_payment_setup, name="api-direct-payment"),
    path("people/<int:pk>/money/items/<int:item_pk>/arrange/", planning.arrange, name="api-arrange"),
    path("people/<int:pk>/money/start/", planning.start, name="api-start"),
    path("people/<int:pk>/plan/proposals/", planning.propose, name="api-proposals"),
    path("people/<int:pk>/plan/proposals/<int:proposal_pk>/response/", planning.respond, name="api-proposal-response"),
    path("people/<int:pk>/account/", money.account, name="api-account"),
    path("people/<int:pk>/account/spending/", money.spending, name="api-spending"),
    path("finance/statements/", money.import_statement, name="api-statements"),
    path("finance/runs/", money.runs, name="api-runs"),
    path("people/<int:pk>/reviews/", outcomes.record, name="api-reviews"),
    path("insight/<slug:slug>/", insight.dashboard, name="api-insight"),
    path("research/projects/", research.projects, name="api-research-projects"),
    path("research/projects/new/", research.new_project, name="api-research-new-project"),
    path("research/projects/<int:pk>/", research.project, name="api-research-project"),
    path("research/projects/<int:pk>/people/", research.add_people, name="api-research-people"),
    path("research/projects/<int:pk>/extract/", research.extract, name="api-research-extract"),
    path("people/<int:pk>/financial-assessments/", charging.financial_assessments, name="api-financial-assessments"),
    path("people/<int:pk>/financial-assessment-requests/", charging.assessment_requests,
         name="api-assessment-requests"),
    path("people/<int:pk>/financial-assessment-requests/<int:request_pk>/start/", charging.start_assessment_request,
         name="api-assessment-request-start"),
    path("people/<int:pk>/financial-assessment-requests/<int:request_pk>/cancel/", charging.cancel_assessment_request,
         name="api-assessment-request-cancel"),
    path("finance/assessment-requests/", charging.assessment_request_queue, name="api-assessment-request-queue"),
]
