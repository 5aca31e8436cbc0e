"""The settings the tests run under: Selfdirect's production settings (selfdirect.settings, secure by default), with a
key of their own, since production refuses to start without one, and without the redirect to https, because the test
client and the browser tests' live server speak plain http. tests/site/test_production_settings.py checks the
production settings themselves, as a council gets them."""

import os

os.environ.setdefault("SELFDIRECT_SECRET_KEY", "tests-only-key-" + "k3y-for-the-test-suite-never-used-anywhere-else")

from selfdirect.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405  (Django's test client's host)
# A job handed to the task worker (core.jobs) runs as soon as the request that started it commits, so a test reads its
# result at once; tests/core/test_jobs.py runs one through the database backend and its worker, as a council does.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
# On PostgreSQL no statement may run longer than 5 minutes: a query planned badly fails its test, naming the SQL, where
# it once held a CI run until the run's time limit (core.database says why that query was slow).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c statement_timeout=300000"  # noqa: F405
