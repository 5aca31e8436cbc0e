"""`selfdirect backup` and `selfdirect restore` (issue 16, "Backups"; docs/data-protection.md): a backup restored into an
empty database holds every record, its ledger checks clean and its audit trail verifies; bad files and databases that
already hold records are refused, naming them, with nothing changed. Runs on whichever database the suite runs on."""

import datetime
import os
import sqlite3
import stat
import subprocess
import sys
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from selfdirect.core import backups
from selfdirect.money import actions as money

pytestmark = pytest.mark.django_db(transaction=True)


def _records(council):
    for _ in range(2):
        council.live_person()
    money.pay(datetime.date(2026, 1, 20), actor=council.finance)


class EmptyDatabase:
    """A database of the suite's kind with nothing in it, for a `selfdirect` subprocess to restore into."""

    def __init__(self, tmp_path):
        self.media = tmp_path / "restored-media"
        if connection.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"restore_{uuid.uuid4().hex[:12]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            s = connection.settings_dict
            self.url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{self.name}"

    def run(self, *args):
        env = {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "tests.settings",
               "SELFDIRECT_MEDIA_ROOT": str(self.media)}
        return subprocess.run([sys.executable, "-m", "selfdirect.cli", *args], capture_output=True, text=True, env=env)

    def rows(self) -> dict[str, int]:
        if connection.vendor == "sqlite":
            target = sqlite3.connect(self.path)
            names = [r[0] for r in target.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                  "AND name NOT LIKE 'sqlite_%'")]
            counts = {n: target.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
            target.close()
            return counts
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as target:
            names = [r[0] for r in target.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return {n: target.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608

    def drop(self):
        if connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def empty(tmp_path):
    made = EmptyDatabase(tmp_path)
    yield made
    made.drop()


def test_a_backup_restored_into_an_empty_database_holds_every_record_and_checks_clean(council, tmp_path, empty,
                                                                                     settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    receipt = settings.MEDIA_ROOT / "receipts" / "2026" / "a1b2.png"
    receipt.parent.mkdir(parents=True)
    receipt.write_bytes(b"\x89PNG a receipt")
    _records(council)
    path = tmp_path / "council.backup"
    call_command("backup", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # special-category data: the owner only
    source = backups.table_rows()
    assert source["people_person"] >= 2 and source["money_posting"] > 0 and source["audit_auditevent"] > 0

    restored = empty.run("restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert "The ledger checks clean and the audit trail verifies" in restored.stdout
    assert (empty.media / "receipts" / "2026" / "a1b2.png").read_bytes() == receipt.read_bytes()
    after = empty.rows()
    # Every table and row came back; the restore adds one audit event saying it happened.
    assert {**after, "audit_auditevent": after["audit_auditevent"] - 1} == source
    for check in (("money", "check"), ("audit", "check")):
        done = empty.run(*check)
        assert done.returncode == 0, done.stdout + done.stderr


def test_a_database_that_holds_records_is_not_overwritten_without_replace(council, tmp_path):
    _records(council)
    path = tmp_path / "council.backup"
    call_command("backup", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115
    council.person()
    before = backups.table_rows()
    with pytest.raises(backups.BackupError, match="already holds records .* pass --replace"):
        backups.restore(path)
    assert backups.table_rows() == before


def test_a_file_that_is_not_a_backup_is_refused_naming_it(council, tmp_path, empty):
    bogus = tmp_path / "receipts.pdf"
    bogus.write_bytes(b"%PDF-1.7 not a backup")
    done = empty.run("restore", str(bogus))
    assert done.returncode == 2
    assert f"{bogus} is not a Selfdirect backup" in done.stderr and empty.rows().get("people_person", 0) == 0
    missing = empty.run("restore", str(tmp_path / "nowhere.backup"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_an_archive_changed_since_the_backup_is_refused_naming_the_file_inside(council, tmp_path, empty):
    import tarfile

    _records(council)
    path = tmp_path / "council.backup"
    call_command("backup", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115
    unpacked = tmp_path / "unpacked"
    with tarfile.open(path, "r:gz") as archive:
        archive.extractall(unpacked, filter="data")
    database = next(p for p in unpacked.iterdir() if p.name.startswith("database."))
    database.write_bytes(database.read_bytes() + b"tampered")
    changed = tmp_path / "changed.backup"
    with tarfile.open(changed, "w:gz") as archive:
        for item in unpacked.iterdir():
            archive.add(item, arcname=item.name)
    done = empty.run("restore", str(changed))
    assert done.returncode == 2
    assert f"{database.name} does not match its SHA-256" in done.stderr
    assert empty.rows().get("people_person", 0) == 0


def test_the_backup_is_in_the_audit_trail(council, tmp_path):
    from selfdirect.audit.models import AuditEvent

    call_command("backup", str(tmp_path / "b.backup"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditEvent.Action.EXPORT and event.channel == "cli" and "Backup of the whole database" in event.what
