"""Pages every visitor can reach whatever their role: the accessibility statement and the error pages. (The privacy
notice is site.views.privacy: it shows the retention schedule, from an app above core.)"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.utils.html import escape

from . import access, jobs


@login_required
def job(request, job_pk):
    """Where a long job has got to (core.jobs), and its result when it is done. The page does not reload itself (a page
    that refreshes on its own fails WCAG 2.2.1): "Check again" does."""
    found = access.job_for(request.user, job_pk)
    return render(request, "core/job.html", {"job": found, "progress": jobs.progress_of(found)})


def accessibility(request):
    return render(request, "core/accessibility.html")


def not_found(request, exception=None):
    return render(request, "core/not_found.html", status=404)


def server_error(request):
    """Something went wrong: the council's own page, with the number to phone. If the page itself cannot be made (the
    database may be what failed), a plain one that needs nothing but the settings."""
    try:
        return render(request, "core/server_error.html", status=500)
    except Exception:  # noqa: BLE001  (the error page must never fail in turn)
        name, phone = escape(settings.COUNCIL_NAME), escape(settings.COUNCIL_PHONE)
        return HttpResponseServerError(
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem - {name}'
            f'</title></head><body><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>'
            f'<p>{name}. Adult social care: {phone}.</p></body></html>')


def forbidden(request, exception=None):
    return render(request, "core/forbidden.html", status=403)
