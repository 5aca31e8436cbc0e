"""Pages every visitor can reach whatever their role: the accessibility statement and the error pages. (The privacy
notice is site.views.privacy: it shows the retention schedule, from an app above core.)"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

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


def forbidden(request, exception=None):
    return render(request, "core/forbidden.html", status=403)
