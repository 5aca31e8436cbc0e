"""`selfdirect market import-cqc` and `import-oruk` (issue 20): each prints what it read, matched and refused, names
every problem, and exits 1 for an actor who may not load files and 2 for a file it cannot use, writing nothing."""

import http.server
import io
import socket
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from selfdirect.audit.models import AuditEvent
from selfdirect.market.models import CqcImport, CqcRating, Location, Provider, Service

FIXTURES = Path(__file__).parent / "fixtures"


def market(*args) -> str:
    out = io.StringIO()
    call_command("market", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def willow(council):
    provider = Provider.objects.create(name="Willow Care Ltd")
    return Location.objects.create(provider=provider, name="Willow Bank", cqc_location_id="1-000000001")


def test_import_cqc_prints_what_it_matched_and_each_problem_by_row(council, willow):
    said = market("import-cqc", str(FIXTURES / "cqc" / "ratings.ods"), "--actor", council.commissioner.username)

    assert "14 rows read, " in said and "Not matched: row 10, location 1-999999999 (Nowhere House)" in said
    assert "Problem: row 12: Location ID 'LOC-7' is not a CQC location id" in said
    assert willow.cqc_ratings.get(key_question="overall").rating == "Good"


def test_import_cqc_refuses_an_actor_who_may_not_load_files_and_reads_nothing(council, willow):
    with pytest.raises(CommandError) as refused:
        market("import-cqc", str(FIXTURES / "cqc" / "ratings.ods"), "--actor", council.worker.username)
    assert refused.value.returncode == 1 and "--actor" in str(refused.value)
    assert not CqcImport.objects.exists() and not CqcRating.objects.exists()


def test_import_cqc_names_a_file_it_cannot_use_and_exits_2(council, willow, tmp_path):
    missing = tmp_path / "nothing.csv"
    with pytest.raises(CommandError) as unreadable:
        market("import-cqc", str(missing), "--actor", council.commissioner.username)
    assert unreadable.value.returncode == 2 and "nothing.csv: cannot read it" in str(unreadable.value)

    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Name,Postcode\nWillow Bank,EX1 1AA\n")
    with pytest.raises(CommandError) as unusable:
        market("import-cqc", str(wrong), "--actor", council.commissioner.username)
    assert unusable.value.returncode == 2 and "Nothing was imported" in str(unusable.value)
    assert not CqcImport.objects.exists()


def test_import_oruk_loads_pages_once_and_names_every_refusal(council):
    page = str(FIXTURES / "oruk_import" / "services_page.json")
    orphan = str(FIXTURES / "oruk_import" / "orphan.json")

    first = market("import-oruk", page, orphan, "--actor", council.commissioner.username)
    services = Service.objects.count()
    second = market("import-oruk", page, orphan, "--actor", council.commissioner.username)

    assert services > 0 and Service.objects.count() == services
    assert first.startswith(f"{services} services added, 0 changed")
    assert second.startswith(f"0 services added, 0 changed, {services} unchanged")
    assert "Refused: orphan.json" in first and first.count("Refused:") == second.count("Refused:") >= 1


def test_import_oruk_refuses_a_malformed_file_and_writes_nothing(council):
    with pytest.raises(CommandError) as refused:
        market(
            "import-oruk",
            str(FIXTURES / "oruk_import" / "services_page.json"),
            str(FIXTURES / "oruk_import" / "malformed.json"),
            "--actor",
            council.commissioner.username,
        )
    assert refused.value.returncode == 2 and "malformed.json" in str(refused.value)
    assert not Service.objects.exists() and not Provider.objects.exists()


# ---- import-oruk from an address: a local server in a thread, never the network --------------------------------------


class _Directory(http.server.SimpleHTTPRequestHandler):
    """Serves the ORUK fixtures; /moved redirects to the page, /slow answers too late; each request's User-Agent is
    kept."""

    seen: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(FIXTURES / "oruk_import"), **kwargs)

    def do_GET(self):
        self.seen.append(self.headers.get("User-Agent", ""))
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/services_page.json")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(1)
        return super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def no_proxy(monkeypatch):
    """The local server is asked directly, whatever proxy the machine running the tests sets."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture
def served(no_proxy):
    """The address of a local server of the fixtures, and the User-Agent of each request it had."""
    _Directory.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Directory)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Directory.seen
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_import_oruk_fetches_a_page_from_its_address_saying_who_asks(council, served):
    address, seen = served
    url = f"{address}/services_page.json"
    said = market("import-oruk", url, "--allow-http", "--allow-local", "--actor", council.commissioner.username)
    services = Service.objects.count()
    assert services > 0 and said.startswith(f"{services} services added, 0 changed")
    assert seen and all(agent.startswith("Selfdirect") for agent in seen)
    # the same as the file: loaded again from the file, nothing changes
    again = market(
        "import-oruk", str(FIXTURES / "oruk_import" / "services_page.json"), "--actor", council.commissioner.username
    )
    assert again.startswith(f"0 services added, 0 changed, {services} unchanged")
    assert AuditEvent.objects.filter(what=f"Loaded Open Referral UK data from {url}").exists()


def test_import_oruk_follows_a_redirect_to_an_address_it_would_fetch(council, served):
    address, _ = served
    said = market("import-oruk", f"{address}/moved", "--allow-http", "--allow-local", "--actor", council.commissioner.username)
    assert Service.objects.exists() and said.startswith(f"{Service.objects.count()} services added")


def test_import_oruk_fetches_http_only_when_allowed_and_no_other_kind_of_address(council, served):
    address, seen = served
    url = f"{address}/services_page.json"
    with pytest.raises(CommandError) as refused:
        market("import-oruk", url, "--actor", council.commissioner.username)
    assert refused.value.returncode == 2
    assert str(refused.value).startswith(f"{url}: cannot fetch it (it is http://, which is not encrypted")
    assert "--allow-http" in str(refused.value) and "Nothing was imported" in str(refused.value)
    assert seen == []  # not even asked
    with pytest.raises(CommandError) as other:
        market(
            "import-oruk", "ftp://example.org/services.json", "--allow-http", "--allow-local", "--actor", council.commissioner.username
        )
    assert other.value.returncode == 2
    assert "ftp://example.org/services.json: cannot fetch it (only https:// addresses are fetched" in str(other.value)
    assert not Service.objects.exists() and not Provider.objects.exists()


def test_import_oruk_names_an_address_it_cannot_reach_and_exits_2(council, no_proxy):
    url = f"http://127.0.0.1:{_closed_port()}/services"
    with pytest.raises(CommandError) as refused:
        market("import-oruk", url, "--allow-http", "--allow-local", "--actor", council.commissioner.username)
    assert refused.value.returncode == 2
    assert str(refused.value).startswith(f"{url}: cannot fetch it (") and "refused" in str(refused.value).lower()
    assert str(refused.value).endswith("Nothing was imported.")


def test_import_oruk_names_the_servers_answer_and_writes_nothing_of_the_other_pages(council, served):
    address, _ = served
    with pytest.raises(CommandError) as refused:
        market(
            "import-oruk",
            f"{address}/services_page.json",
            f"{address}/gone.json",
            "--allow-http",
            "--allow-local",
            "--actor",
            council.commissioner.username,
        )
    assert refused.value.returncode == 2
    assert f"{address}/gone.json: cannot fetch it (the server answered 404 File not found)" in str(refused.value)
    assert not Service.objects.exists() and not Provider.objects.exists()


def test_import_oruk_refuses_a_page_too_large_or_too_slow(council, served, monkeypatch):
    from selfdirect.market.management.commands import market as command

    address, _ = served
    monkeypatch.setattr(command, "FETCH_LIMIT_BYTES", 100)
    with pytest.raises(CommandError) as large:
        market("import-oruk", f"{address}/services_page.json", "--allow-http", "--allow-local", "--actor", council.commissioner.username)
    assert large.value.returncode == 2 and "services_page.json: cannot fetch it (larger than the" in str(large.value)
    monkeypatch.setattr(command, "FETCH_LIMIT_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(command, "FETCH_TIMEOUT_SECONDS", 0.2)
    with pytest.raises(CommandError) as slow:
        market("import-oruk", f"{address}/slow", "--allow-http", "--allow-local", "--actor", council.commissioner.username)
    assert slow.value.returncode == 2 and f"{address}/slow: cannot fetch it (no answer within 0.2 seconds)" in str(
        slow.value
    )
    assert not Service.objects.exists()


def test_import_oruk_never_follows_a_redirect_from_https_down_to_http():
    from urllib.error import URLError
    from urllib.request import Request

    from selfdirect.market.management.commands import market as command

    request = Request("https://directory.example.org/services")
    with pytest.raises(URLError, match="redirects to http://directory.example.org/services, which is not https://"):
        command._Redirects(allow_http=False, allow_local=False).redirect_request(
            request, None, 302, "Found", {}, "http://directory.example.org/services"
        )
    with pytest.raises(URLError, match=r"redirects to https://127.0.0.1/x, and 127.0.0.1 is on this machine"):
        command._Redirects(allow_http=False, allow_local=False).redirect_request(
            request, None, 302, "Found", {}, "https://127.0.0.1/x"
        )
    followed = command._Redirects(allow_http=False, allow_local=True).redirect_request(
        request, None, 302, "Found", {}, "https://directory.example.org/services?page=1"
    )
    assert followed.full_url == "https://directory.example.org/services?page=1"


def test_import_oruk_fetches_nothing_on_this_machine_or_a_private_network_unless_allowed(council, served):
    """A page's address, or a redirect, cannot make the command read the council's own services; the address shown
    and audited never carries a password."""
    address, seen = served
    url = address.replace("http://", "http://someone:secret@") + "/services_page.json"
    with pytest.raises(CommandError) as refused:
        market("import-oruk", url, "--allow-http", "--actor", council.commissioner.username)
    message = str(refused.value)
    assert refused.value.returncode == 2 and "is on this machine or a private network" in message
    assert "--allow-local" in message and "secret" not in message and "someone" not in message
    assert seen == []
    said = market("import-oruk", f"{address}/services_page.json", "--allow-http", "--allow-local", "--actor",
                  council.commissioner.username)
    assert "services added" in said
