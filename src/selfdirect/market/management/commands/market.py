import http.client
import ipaddress
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from selfdirect.accounts.command_options import actor_option
from selfdirect.core import permissions
from selfdirect.market import actions

NEEDS = "a commissioner or administrator"

# fetching another directory's pages by their address (import-oruk): how long to wait for an answer, the most read of
# one page, and who asks
FETCH_TIMEOUT_SECONDS = 30
FETCH_LIMIT_BYTES = 20 * 1024 * 1024
USER_AGENT = "Selfdirect (market import-oruk; a council's care directory)"
ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _read(file: str) -> bytes:
    try:
        return Path(file).read_bytes()
    except OSError as problem:
        raise CommandError(f"{file}: cannot read it ({problem}). Nothing was imported.", returncode=2) from None


def _not_fetched(url: str, why: str) -> CommandError:
    return CommandError(f"{shown(url)}: cannot fetch it ({why}). Nothing was imported.", returncode=2)


def _schemes(allow_http: bool) -> set[str]:
    return {"https", "http"} if allow_http else {"https"}


def _local_why(url: str) -> str | None:
    """Why an address is not fetched without --allow-local: it names this machine or a private network (so a page,
    or a redirect, cannot make the command read the council's own services), or its host cannot be found."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return f"its host {host!r} cannot be found"
    for address in found:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            return (f"{host} is on this machine or a private network ({address}): give --allow-local to fetch from "
                    "the council's own network")
    return None


def shown(url: str) -> str:
    """An address as messages and the audit trail give it: without any user name or password in it."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address the command would fetch itself (never from https:// down to http://
    without --allow-http)."""

    def __init__(self, allow_http: bool, allow_local: bool):
        super().__init__()
        self.allow_http, self.allow_local = allow_http, allow_local

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        scheme = newurl.split(":", 1)[0].lower()
        if scheme not in _schemes(self.allow_http):
            raise urllib.error.URLError(f"it redirects to {shown(newurl)}, which is not https://"
                                        + ("" if self.allow_http else " (give --allow-http to allow http://)"))
        if not self.allow_local and (why := _local_why(newurl)):
            raise urllib.error.URLError(f"it redirects to {shown(newurl)}, and {why}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, *, allow_http: bool, allow_local: bool = False) -> bytes:
    """One page another directory serves at `url`: https:// only (http:// too with --allow-http), on the internet
    (this machine and private networks too with --allow-local), within FETCH_TIMEOUT_SECONDS in all and
    FETCH_LIMIT_BYTES; anything else is refused naming the address and why (exit code 2, as for a file it cannot
    read)."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "http" and not allow_http:
        raise _not_fetched(url, "it is http://, which is not encrypted: give an https:// address, or --allow-http to "
                                "fetch it anyway")
    if scheme not in _schemes(allow_http):
        raise _not_fetched(url, "only https:// addresses are fetched" + (", and http:// ones" if allow_http else ""))
    if not allow_local and (why := _local_why(url)):
        raise _not_fetched(url, why)
    opener = urllib.request.build_opener(_Redirects(allow_http, allow_local))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    limit = f"larger than the {FETCH_LIMIT_BYTES // (1024 * 1024)} MB allowed"
    deadline = time.monotonic() + FETCH_TIMEOUT_SECONDS
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            if int(response.headers.get("Content-Length") or 0) > FETCH_LIMIT_BYTES:
                raise _not_fetched(url, limit)
            chunks, size = [], 0
            while chunk := response.read(64 * 1024):  # a slow server cannot hold the command past the deadline
                chunks.append(chunk)
                size += len(chunk)
                if size > FETCH_LIMIT_BYTES:
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError
            body = b"".join(chunks)
    except urllib.error.HTTPError as problem:
        raise _not_fetched(url, f"the server answered {problem.code} {problem.reason}") from None
    except urllib.error.URLError as problem:
        if isinstance(problem.reason, TimeoutError):
            raise _not_fetched(url, f"no answer within {FETCH_TIMEOUT_SECONDS} seconds") from None
        raise _not_fetched(url, str(problem.reason)) from None
    except TimeoutError:
        raise _not_fetched(url, f"no answer within {FETCH_TIMEOUT_SECONDS} seconds") from None
    except (OSError, ValueError, http.client.HTTPException) as problem:
        raise _not_fetched(url, str(problem) or type(problem).__name__) from None
    if len(body) > FETCH_LIMIT_BYTES:
        raise _not_fetched(url, limit)
    return body


class Command(BaseCommand):
    help = "The market directory: load CQC's published files and other directories' Open Referral UK data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        cqc = sub.add_parser("import-cqc", help="Load a CQC file: the care directory CSV of locations, or the care "
                                                "directory with ratings spreadsheet (ODS), matched on the location id")
        cqc.add_argument("file")
        cqc.add_argument("--actor", default="commissioner")
        oruk = sub.add_parser("import-oruk", help="Load another directory's Open Referral UK data: the JSON pages its "
                                                  "/services endpoint serves, saved as files or fetched from their "
                                                  "https:// addresses (a second load adds nothing)")
        oruk.add_argument("files", nargs="+", metavar="FILE_OR_URL")
        oruk.add_argument("--actor", default="commissioner")
        oruk.add_argument("--allow-http", action="store_true",
                          help="also fetch http:// addresses (not encrypted; https:// only without it)")
        oruk.add_argument("--allow-local", action="store_true",
                          help="also fetch from this machine or a private network (the internet only without it)")

    def handle(self, *args, action, **options):
        getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def handle_import_cqc(self, *, file, actor, **_):
        who = actor_option(actor, permissions.may_manage_directory, needs=NEEDS)
        data = _read(file)
        try:
            done = actions.import_cqc(data, name=Path(file).name, actor=who, channel="cli")
        except actions.MarketError as problem:
            raise CommandError(f"{file}: {problem}. Nothing was imported.", returncode=2) from None
        self.stdout.write(f"{file}: {done.rows} rows read, {done.matched} matched to a venue, "
                          f"{len(done.unmatched)} not matched, {len(done.problems)} with a problem"
                          + (f", {done.left_out} of other local authorities left out" if done.left_out else ""))
        for row in done.unmatched:
            self.stdout.write(f"Not matched: row {row['row']}, location {row['location_id']} ({row.get('name', '')})")
        for problem in done.problems:
            self.stdout.write(f"Problem: {problem}")

    def handle_import_oruk(self, *, files, actor, allow_http=False, allow_local=False, **_):
        who = actor_option(actor, permissions.may_manage_directory, needs=NEEDS)
        # Lazy: each page is fetched one after another, and only the pages named (the profile's next pages are not
        # followed): give each page's address
        pages = [_fetch(file, allow_http=allow_http, allow_local=allow_local) if ADDRESS.match(file) else _read(file)
                 for file in files]
        names = [shown(file) if ADDRESS.match(file) else Path(file).name for file in files]
        try:
            done = actions.import_oruk(pages, names=names, actor=who, channel="cli")
        except actions.MarketError as problem:
            raise CommandError(f"{problem}. Nothing was imported.", returncode=2) from None
        self.stdout.write(f"{done.added} services added, {done.changed} changed, {done.unchanged} unchanged, "
                          f"{len(done.refused)} refused")
        for reason in done.refused:
            self.stdout.write(f"Refused: {reason}")
