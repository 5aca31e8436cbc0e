"""Retention speaks to an administrator in plain English: the earlier versions of a person's records an erasure
deletes are named as such, never by the library that keeps them, on the person's retention page (before), the record
of the erasure (after), the command line and the API (found on the browser walk of the demo council)."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

EARLIER_VERSIONS = "Earlier versions of all these records, kept each time one was changed (deleted)"
TECHNICAL = re.compile(r"simple.history|history rows|historical", re.IGNORECASE)


def test_the_retention_page_and_the_record_of_the_erasure_say_earlier_versions(past, council, client,
                                                                               django_capture_on_commit_callbacks):
    client.force_login(council.admin)
    before = client.get(f"/retention/people/{past.person.pk}/").content.decode()
    assert EARLIER_VERSIONS in before and not TECHNICAL.search(before)
    with django_capture_on_commit_callbacks(execute=True):
        after = client.post(f"/retention/people/{past.person.pk}/erase/", {"confirm": "on"}, follow=True)
    text = after.content.decode()
    assert "The record of the erasure" in text and EARLIER_VERSIONS in text and not TECHNICAL.search(text)


def test_the_command_line_and_the_api_say_earlier_versions(past, council, api, django_capture_on_commit_callbacks):
    preview = api(council.admin).get(f"/api/v1/people/{past.person.pk}/retention/").content.decode()
    assert EARLIER_VERSIONS in preview and not TECHNICAL.search(preview)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention", "erase", past.reference, "--actor", "admin", stdout=out)
    said = out.getvalue()
    assert EARLIER_VERSIONS in said and not TECHNICAL.search(said)
