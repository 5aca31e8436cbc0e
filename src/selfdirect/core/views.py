"""Pages every visitor can reach whatever their role: the accessibility statement, the privacy notice and the error
pages."""

from django.shortcuts import render


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def not_found(request, exception=None):
    return render(request, "core/not_found.html", status=404)


def forbidden(request, exception=None):
    return render(request, "core/forbidden.html", status=403)
