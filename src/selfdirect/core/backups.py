"""Backups of everything Selfdirect holds, and restoring one into an empty installation (docs/data-protection.md,
"Backups").

A backup is one gzipped tar archive:
- `database.sqlite3` (SQLite's online backup API, sqlite3.Connection.backup, a consistent snapshot copied page by page
  while Selfdirect keeps serving, checked with `PRAGMA integrity_check`), or `database.pgdump` (`pg_dump
  --format=custom`, PostgreSQL's own tool, from the client of the server's major version);
- `media/`: the uploaded files (receipts), which live outside the database (settings.MEDIA_ROOT);
- `manifest.json`: the format, the kind of database, when it was made, and the SHA-256 of every file in the archive,
  checked before anything is restored.

A backup holds special-category data: it is written readable by its owner only (0600), through a temporary file in the
same folder that is renamed into place only when complete. A restore goes only into an installation that holds no
Selfdirect records and no uploaded files (or, asked for in so many words, replaces one); it refuses a file that is not
a backup, or whose contents do not match their hashes, naming the file and what it found, with nothing changed. The
database is restored all or nothing (SQLite's backup API replaces every page; `pg_restore --single-transaction
--exit-on-error`)."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from .errors import DomainError

FORMAT = "selfdirect-backup"
VERSION = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# The tables that say a database holds a council's records (a freshly migrated database has code lists, not these).
RECORD_TABLES = ("people_person", "audit_auditevent", "money_journalentry")


class BackupError(DomainError):
    """The backup or restore cannot be done as asked; str() says why, naming the file or database."""


@dataclass(frozen=True)
class Done:
    path: Path
    size: int
    tables: int
    rows: int
    files: int


def _database_name() -> str:
    return str(connection.settings_dict["NAME"])


def _pg_env() -> dict[str, str]:
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if connection.settings_dict.get(key):
            env[name] = str(connection.settings_dict[key])
    return env


def _pg_tool(name: str) -> str:
    """The PostgreSQL client program of the server's major version where Debian keeps it, else the one on PATH."""
    connection.ensure_connection()
    major = connection.pg_version // 10000
    for candidate in (f"/usr/lib/postgresql/{major}/bin/{name}", shutil.which(name)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(f"{name} was not found: install the PostgreSQL {major} client (Debian: postgresql-client-{major})")


def table_rows() -> dict[str, int]:
    """Every table's row count, for the summary and to compare a restore with its source."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 (the catalogue's names)
            counts[name] = cursor.fetchone()[0]
    return counts


def records_held() -> int:
    """How many rows of RECORD_TABLES the database holds (0 for an empty or freshly migrated database)."""
    rows = table_rows()
    return sum(rows.get(name, 0) for name in RECORD_TABLES)


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[Path]:
    root = _media_root()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_database(into: Path) -> Path:
    if connection.vendor == "sqlite":
        target_path = into / DATABASE_FILES["sqlite"]
        connection.ensure_connection()
        target = sqlite3.connect(target_path)
        try:
            connection.connection.backup(target)
            verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
        if verdict != "ok":
            raise BackupError(f"The copy failed SQLite's integrity check ({verdict}): nothing was written")
        return target_path
    if connection.vendor == "postgresql":
        target_path = into / DATABASE_FILES["postgresql"]
        done = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target_path}",
                               _database_name()], env=_pg_env(), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BackupError(f"pg_dump could not back up {_database_name()}: {done.stderr.strip()}")
        return target_path
    raise BackupError(f"Backups are for SQLite and PostgreSQL, not {connection.vendor}")


def backup(path) -> Done:
    """Writes a backup of the database and the uploaded files to `path` (a file there is replaced only once the new
    one is complete)."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give the backup file's name")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="selfdirect-backup-") as work:
        database = _dump_database(Path(work))
        media = _media_files()
        manifest = {
            "format": FORMAT, "version": VERSION, "database": connection.vendor,
            "made_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "files": {database.name: _sha256(database),
                      **{f"media/{p.relative_to(_media_root()).as_posix()}": _sha256(p) for p in media}},
        }
        (Path(work) / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        os.close(handle)
        os.chmod(partial, 0o600)
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(Path(work) / "manifest.json", arcname="manifest.json")
                archive.add(database, arcname=database.name)
                for p in media:
                    archive.add(p, arcname=f"media/{p.relative_to(_media_root()).as_posix()}")
            os.replace(partial, path)
        finally:
            Path(partial).unlink(missing_ok=True)
    rows = table_rows()
    return Done(path=path, size=path.stat().st_size, tables=len(rows), rows=sum(rows.values()), files=len(media))


def _unpack(path: Path, into: Path) -> dict:
    """The archive's manifest, after unpacking it safely (tarfile's "data" filter: no links out, no absolute paths,
    no devices) and checking every file against its hash."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file")
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as problem:
        raise BackupError(f"{path} is not a Selfdirect backup: it cannot be read as a gzipped tar archive "
                          f"({problem})") from None
    try:
        manifest = json.loads((into / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{path} is not a Selfdirect backup: it has no readable manifest.json") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Selfdirect backup: its manifest is not one of ours")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{path} is a Selfdirect backup of format version {manifest.get('version')}, and this "
                          f"Selfdirect reads version {VERSION}")
    listed = manifest.get("files") or {}
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {"manifest.json"}
    if present != set(listed):
        extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
        raise BackupError(f"{path} does not match its manifest (not listed: {', '.join(extra) or 'none'}; missing: "
                          f"{', '.join(missing) or 'none'}): it was not restored")
    for name, expected in listed.items():
        if _sha256(into / name) != expected:
            raise BackupError(f"{path}: {name} does not match its SHA-256 in the manifest (changed or damaged since "
                              "the backup was made): it was not restored")
    return manifest


def _restore_sqlite(database: Path) -> None:
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{database.name} fails SQLite's integrity check: it was not restored")
        connection.ensure_connection()
        source.backup(connection.connection)  # replaces every page of this database, all or nothing
    finally:
        source.close()


def _restore_postgresql(database: Path, *, clean: bool) -> None:
    args = [_pg_tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-password",
            f"--dbname={_database_name()}"]
    if clean:
        # Replacing, or a freshly migrated database with no records: its own objects go first, in the same
        # transaction, so the backup's take their place.
        args += ["--clean", "--if-exists"]
    connection.close()  # pg_restore's own connection needs the tables to itself
    done = subprocess.run([*args, str(database)], env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_restore could not restore the database (nothing was changed): {done.stderr.strip()}")


def restore(path, *, replace: bool = False) -> Done:
    """Restores the backup at `path` into this installation, which must hold no records and no uploaded files unless
    `replace` is given."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="selfdirect-restore-") as work:
        work = Path(work)
        manifest = _unpack(path, work)
        kind = manifest.get("database")
        if kind != connection.vendor:
            raise BackupError(f"{path} is a backup of a {kind} database, and this one is {connection.vendor}: restore "
                              f"it into a {kind} database")
        held, uploaded = records_held(), len(_media_files())
        if (held or uploaded) and not replace:
            raise BackupError(f"This installation already holds records ({held} rows of people, audit events and "
                              f"ledger entries; {uploaded} uploaded files): restore into an empty one, or pass "
                              "--replace to overwrite it")
        database = work / DATABASE_FILES[kind]
        if kind == "sqlite":
            _restore_sqlite(database)
        else:
            _restore_postgresql(database, clean=replace or bool(table_rows()))
        media_root = _media_root()
        if replace and media_root.is_dir():
            shutil.rmtree(media_root)
        if (work / "media").is_dir():
            shutil.copytree(work / "media", media_root, dirs_exist_ok=True)
        files = sum(1 for name in manifest["files"] if name.startswith("media/"))
    rows = table_rows()
    return Done(path=path, size=path.stat().st_size, tables=len(rows), rows=sum(rows.values()), files=files)
