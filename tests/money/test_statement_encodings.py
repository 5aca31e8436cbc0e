"""Statements in UTF-8 (with or without a byte order mark) or Windows-1252: decided from the bytes, said on the page, in
the report and by the command, and the same descriptions whichever was read."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from selfdirect.money import actions, statements
from selfdirect.money.models import StatementImport, StatementLine
from tests.jobs import through_the_worker

TEXT = ("Date,Description,Amount\n"
        "2026-02-03,£20 voucher for the café,-20.00\n"
        "2026-02-04,Day trip to Lille (€35),-30.45\n"
        "2026-02-05,CORNER SHOP,-4.00\n")
DESCRIPTIONS = ["£20 voucher for the café", "Day trip to Lille (€35)", "CORNER SHOP"]
ENCODED = {
    "UTF-8": TEXT.encode("utf-8"),
    "UTF-8 with a byte order mark": b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    "Windows-1252": TEXT.encode("cp1252"),
}
READ_AS = {"UTF-8": "UTF-8", "UTF-8 with a byte order mark": "UTF-8", "Windows-1252": "Windows-1252"}


@pytest.mark.parametrize("saved_as", list(ENCODED))
def test_each_encoding_reads_the_same_descriptions_and_fingerprints(saved_as):
    statement = statements.load(ENCODED[saved_as], name="feb.csv", account="A")
    lines = list(statement)
    assert statement.encoding == READ_AS[saved_as]
    assert [line.description for line in lines] == DESCRIPTIONS
    assert [line.fingerprint for line in lines] == [line.fingerprint for line in statements.read_csv(TEXT, statements.Mapping(), account="A")]


def test_the_encoding_is_decided_from_the_whole_file_not_its_first_lines(monkeypatch):
    """A Windows-1252 byte far down the file makes the whole file Windows-1252; a UTF-8 character split across two
    reads is still UTF-8."""
    monkeypatch.setattr(statements, "CHUNK_BYTES", 7)
    late = ("Date,Description,Amount\n" + "2026-02-01,Taxi,-1.00\n" * 20 + "2026-02-02,Caf\u00e9,-2.00\n")
    statement = statements.load(late.encode("cp1252"), name="s.csv", account="A")
    assert statement.encoding == "Windows-1252" and list(statement)[-1].description == "Café"
    for cut in range(8):
        text = "Date,Description,Amount\n2026-02-02," + "x" * cut + "€,-2.00\n"
        statement = statements.load(text.encode("utf-8"), name="s.csv", account="A")
        assert statement.encoding == "UTF-8" and list(statement)[0].description == "x" * cut + "€"


@pytest.mark.parametrize(("data", "message"), [
    (b"Date,Description,Amount\n2026-02-03,SHOP\x81,-1.00\n", "line 2: byte 0x81 is not a character in UTF-8 or Windows-1252"),
    ("Date,Description,Amount\n".encode("utf-16"), "line 1: the file is in UTF-16"),
    (b"\xef\xbb\xbfDate,Description,Amount\n2026-02-03,\xa3 voucher,-1.00\n",
     "line 2: the file says it is UTF-8 (it starts with a byte order mark) but this line is not"),
])
def test_a_file_in_neither_encoding_is_refused_naming_the_line(data, message):
    with pytest.raises(statements.StatementError, match=message.replace("(", r"\(").replace(")", r"\)")):
        statements.load(data, name="s.csv", account="A")


def test_the_action_reports_what_it_read_as_and_a_file_in_the_other_encoding_adds_nothing(council):
    council.live_person(user=council.holder)
    first = actions.import_statement(ENCODED["UTF-8"], name="feb.csv", actor=council.finance, account_ref="DP-EX000001")
    assert (first.imported, first.encoding, first.read_as) == (3, "UTF-8", "Read as UTF-8")
    assert sorted(StatementLine.objects.values_list("description", flat=True)) == sorted(DESCRIPTIONS)
    again = actions.import_statement(ENCODED["Windows-1252"], name="feb-1252.csv", actor=council.finance,
                                     account_ref="DP-EX000001")
    assert (again.imported, again.duplicates, again.encoding) == (0, 3, "Windows-1252")


def test_a_refused_file_writes_nothing(council):
    council.live_person(user=council.holder)
    with pytest.raises(statements.StatementError, match="line 3: byte 0x9D"):
        actions.import_statement(TEXT.encode("cp1252").replace(b"Lille", b"Li\x9dle"), name="feb.csv", actor=council.finance,
                                 account_ref="DP-EX000001")
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()


def test_the_page_states_the_encodings_and_date_formats_and_the_job_says_which_was_read(
        council, client, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    council.live_person(user=council.holder)
    client.force_login(council.finance)
    body = client.get("/finance/statements/").content.decode()
    assert "UTF-8" in body and "Windows-1252" in body
    for example in statements.date_examples():
        assert example in body

    def imported(data):
        return through_the_worker(client, django_capture_on_commit_callbacks, "/finance/statements/", {
            "statement": SimpleUploadedFile("feb.csv", data), "account": "DP-EX000001", "layout": "signed"})

    response = imported(ENCODED["Windows-1252"])
    assert response.status_code == 200 and "Read as Windows-1252: 3 lines imported" in response.content.decode()
    assert "£20 voucher for the café" in StatementLine.objects.values_list("description", flat=True)
    response = imported(ENCODED["UTF-8 with a byte order mark"])
    assert "Read as UTF-8: 0 lines imported, 3 duplicates skipped" in response.content.decode()
    refused = imported(b"Date,Description,Amount\n\x81,x,1\n").content.decode()
    assert "It could not be done" in refused and "line 2: byte 0x81" in refused and "Nothing was imported" in refused


def money(*args):
    out = io.StringIO()
    call_command("money", *args, stdout=out)
    return out.getvalue()


def test_the_command_reads_the_file_as_bytes_and_says_which_encoding(council, tmp_path):
    council.live_person(user=council.holder)
    statement = tmp_path / "feb.csv"
    statement.write_bytes(ENCODED["Windows-1252"])
    said = money("import-statement", str(statement), "--account", "DP-EX000001")
    assert "Read as Windows-1252. 3 lines imported, 0 duplicates skipped, 0 refused" in said
    statement.write_bytes(ENCODED["UTF-8"])
    assert "Read as UTF-8. 0 lines imported, 3 duplicates skipped" in money("import-statement", str(statement), "--account",
                                                                              "DP-EX000001")
    statement.write_bytes(b"Date,Description,Amount\n2026-02-03,\x8f,-1.00\n")
    with pytest.raises(CommandError, match="line 2: byte 0x8F .* Nothing was imported") as refused:
        money("import-statement", str(statement), "--account", "DP-EX000001")
    assert refused.value.returncode == 2
