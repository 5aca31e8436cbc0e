"""Events planning's actions send by name, for apps above planning to act on without planning importing them.

`plan_approved`: a manager approved a support plan, so its weekly cost is now the person's personal budget. Sent by
planning.actions.approve_plan inside its transaction, with `case`, `plan`, `actor` and `channel`: a receiver's writes
commit with the approval, and a receiver that raises rolls the approval back (charging works the contribution out
again, connected in charging/apps.py)."""

from django.dispatch import Signal

plan_approved = Signal()
