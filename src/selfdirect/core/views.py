from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from selfdirect.accounts.roles import Role

from . import dashboards


@login_required
def home(request):
    role = Role(request.user.role) if request.user.role else None
    if role == Role.CARER:  # an unpaid carer's home is what the council holds about them as a carer
        return redirect("accounts:carer")
    context = dashboards.for_user(request.user, role, request.GET)
    return render(request, f"core/home_{context['template']}.html", context)


@login_required
def dashboards_page(request):
    """Every dashboard and report an administrator can open, with a line each (their navigation links here)."""
    from django.core.exceptions import PermissionDenied

    if request.user.role != Role.ADMINISTRATOR:
        raise PermissionDenied
    return render(request, "core/dashboards.html", {"groups": dashboards.ADMIN_DASHBOARDS})


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def not_found(request, exception=None):
    return render(request, "core/not_found.html", status=404)


def forbidden(request, exception=None):
    return render(request, "core/forbidden.html", status=403)
