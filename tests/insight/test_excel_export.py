"""A dashboard exported to Excel on the task worker (insight.jobs): the dashboard posts its filters, the job writes the
workbook to private storage, and its page links the download, which opens only for the one who asked, while they
still read the dashboards (and, for a workbook with small numbers, the people behind them, for the same team)."""

import datetime
import io

from openpyxl import load_workbook

from selfdirect.audit.models import AuditEvent
from selfdirect.core.models import Job
from selfdirect.core.roles import Role
from tests.jobs import through_the_worker

PERIOD = {"start": "2020-01-01", "end": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()}


def _export(client, capture, shared="0", dashboard="take-up", **filters):
    return through_the_worker(client, capture, "/insight/export/", {
        "dashboard": dashboard, "shared": shared, "team": "", "group": "", **PERIOD, **filters})


def test_a_manager_exports_a_dashboard_to_excel_and_downloads_the_workbook(council, signed_in, settings, tmp_path,
                                                                           django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    council.live_person()
    client = signed_in(council.manager)
    page = client.get("/insight/take-up/", PERIOD).content.decode()
    assert 'action="/insight/export/"' in page and "Export to Excel</button>" in page
    assert f'name="start" value="{PERIOD["start"]}"' in page
    assert "Export to Excel for sharing outside the council</button>" in page
    job_page = _export(client, django_capture_on_commit_callbacks).content.decode()
    job = Job.objects.get()
    assert job.kind == "insight.export" and job.label == "Export Take-up of personal budgets to Excel"
    assert "an Excel workbook of" in job_page and "Download the workbook" in job_page
    assert not AuditEvent.objects.filter(action="export").exists()  # not until it is downloaded
    download = client.get(f"/insight/exports/{job.pk}/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert download["Content-Disposition"].startswith('attachment; filename="take-up-2020-01-01-')
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames[0] == "Contents" and len(book.sheetnames) > 1
    assert AuditEvent.objects.filter(actor=council.manager, action="export",
                                     what__startswith="Downloaded Take-up of personal budgets for 2020-01-01").exists()
    assert [path.suffix for path in (tmp_path / "jobs").iterdir()] == [".xlsx"]  # kept privately, not web-served


def test_only_the_one_who_asked_downloads_it_and_only_while_they_still_may(council, signed_in, settings, tmp_path,
                                                                           django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    council.live_person()
    client = signed_in(council.manager)
    _export(client, django_capture_on_commit_callbacks)
    address = f"/insight/exports/{Job.objects.get().pk}/"
    assert signed_in(council.admin).get(address).status_code == 404  # someone else's export
    assert signed_in(council.worker).get(address).status_code == 403  # who never reads the dashboards
    council.manager.team = council.south
    council.manager.save()
    assert signed_in(council.manager).get(address).status_code == 403  # moved to another team since
    council.manager.team = council.north
    council.manager.role = Role.SOCIAL_WORKER
    council.manager.save()
    assert signed_in(council.manager).get(address).status_code == 403  # no longer reads the dashboards


def test_a_commissioners_workbook_is_always_the_one_for_sharing(council, signed_in, settings, tmp_path,
                                                                django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    council.live_person()
    client = signed_in(council.commissioner)
    page = client.get("/insight/journey-times/", PERIOD).content.decode()
    assert "Export to Excel</button>" not in page and "Export to Excel for sharing outside the council" in page
    job_page = _export(client, django_capture_on_commit_callbacks, shared="0", dashboard="journey-times").content.decode()
    assert "for sharing outside the council (numbers under 5 hidden)" in job_page
    download = client.get(f"/insight/exports/{Job.objects.get().pk}/")
    assert download["Content-Disposition"].endswith('-shared.xlsx"')


def test_wrong_filters_go_back_to_the_dashboard_and_an_unknown_dashboard_is_not_found(council, signed_in):
    client = signed_in(council.manager)
    wrong = client.post("/insight/export/", {"dashboard": "take-up", "start": "soon"})
    assert wrong.status_code == 302 and wrong["Location"].startswith("/insight/take-up/?start=soon")
    assert client.post("/insight/export/", {"dashboard": "nothing"}).status_code == 404
    assert client.get("/insight/export/").status_code == 405 and not Job.objects.exists()
