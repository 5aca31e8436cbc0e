"""Pages every visitor can reach whatever their role: the accessibility statement and the error pages. (The privacy
notice is site.views.privacy: it shows the retention schedule, from an app above core.)"""

from django.shortcuts import render


def accessibility(request):
    return render(request, "core/accessibility.html")


def not_found(request, exception=None):
    return render(request, "core/not_found.html", status=404)


def forbidden(request, exception=None):
    return render(request, "core/forbidden.html", status=403)
