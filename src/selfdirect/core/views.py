from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from selfdirect.accounts.roles import Role

from . import dashboards


@login_required
def home(request):
    role = Role(request.user.role) if request.user.role else None
    context = dashboards.for_user(request.user, role)
    return render(request, f"core/home_{context['template']}.html", context)


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def not_found(request, exception=None):
    return render(request, "core/not_found.html", status=404)


def forbidden(request, exception=None):
    return render(request, "core/forbidden.html", status=403)
