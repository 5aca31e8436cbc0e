"""What other apps and pages may ask about people (the cross-app record summary is site.queries.record_summary)."""

from .models import Carer


def carer_records_for(user):
    """The carer records linked to this sign-in (what an unpaid carer sees of themselves)."""
    if not user.is_authenticated:
        return Carer.objects.none()
    return Carer.objects.filter(user=user).select_related("person")
