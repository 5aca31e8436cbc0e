"""Selfdirect: personal budgets for adult social care, from first contact to outcomes."""
