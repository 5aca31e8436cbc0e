"""`selfdirect market import-cqc` and `import-oruk` (issue 20): each prints what it read, matched and refused, names
every problem, and exits 1 for an actor who may not load files and 2 for a file it cannot use, writing nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

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
        market("import-oruk", str(FIXTURES / "oruk_import" / "services_page.json"),
               str(FIXTURES / "oruk_import" / "malformed.json"), "--actor", council.commissioner.username)
    assert refused.value.returncode == 2 and "malformed.json" in str(refused.value)
    assert not Service.objects.exists() and not Provider.objects.exists()
