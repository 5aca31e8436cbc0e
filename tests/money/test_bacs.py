"""The Bacs Standard 18 file (money.bacs; the layout and its sources: docs/bacs-standard-18.md): every record's fields at
their positions, only Bacs characters, totals and counts that match the data records, a contra that balances them, the
processing day in its Julian form, and lines Bacs cannot take refused by line. The last tests run `selfdirect money pay
--bacs FILE`."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from selfdirect.money import bacs
from selfdirect.money.models import PaymentRun
from tests.hypo import examples

D = datetime.date
MONDAY = D(2026, 12, 7)
COUNCIL = {"service_user_number": "123456", "originating_sort_code": "20-00-00", "originating_account": "11112222",
           "originating_name": "Exampleshire Council"}


def line(payee="E Evans DP account", sort_code="309950", account_number="12345678", amount_pence=80000,
         reference="SD261207EX000001"):
    return SimpleNamespace(payee=payee, sort_code=sort_code, account_number=account_number, amount_pence=amount_pence,
                           reference=reference)


def records(lines, **given):
    text = bacs.standard_18(lines, **{**COUNCIL, "processing_day": MONDAY, "file_number": 1, **given})
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.split("\r\n")[:-1]


TWO = [line(), line(payee="Acme Care Ltd", sort_code="40-05-15", account_number="87654321", amount_pence=123456,
                    reference="SD261207ISF00003")]


def test_the_records_come_in_order_labels_80_characters_and_data_records_100():
    found = records(TWO)
    assert [r[:4] for r in found] == ["VOL1", "HDR1", "HDR2", "UHL1", "3099", "4005", "2000", "EOF1", "EOF2", "UTL1"]
    assert [len(r) for r in found] == [80, 80, 80, 80, 100, 100, 100, 80, 80, 80]


def test_the_volume_and_header_labels():
    vol, hdr1, hdr2, uhl1 = records(TWO, created_on=D(2026, 12, 3), file_number=7)[:4]
    assert vol[0:4] == "VOL1" and vol[4:10] == "000007" and vol[10:41] == " " * 31
    assert vol[41:47] == "123456" and vol[47:79] == " " * 32 and vol[79] == "1"
    assert hdr1[0:4] == "HDR1" and hdr1[4:21] == "A123456S  1123456"  # file identifier: A, the SUN, S  1, the SUN
    assert hdr1[21:27] == "000007" and hdr1[27:31] == "0001" and hdr1[31:35] == "0001" and hdr1[35:41] == " " * 6
    assert hdr1[41:47] == " 26337" and hdr1[47:53] == " 26341" and hdr1[53:] == " " * 27  # created, expires
    assert hdr2 == "HDR2F0200000100" + " " * 65  # fixed 100-character records in 2,000-character blocks
    assert uhl1[0:4] == "UHL1" and uhl1[4:10] == " 26341"  # the processing day
    assert uhl1[10:20] == "999999    " and uhl1[20:22] == "00" and uhl1[22:28] == "000000"
    assert uhl1[28:37] == "1 DAILY  " and uhl1[37:40] == "007" and uhl1[40:] == " " * 40


def test_a_data_record_a_payment():
    first, second = records(TWO)[4:6]
    assert first[0:6] == "309950" and first[6:14] == "12345678" and first[14] == "0" and first[15:17] == "99"
    assert first[17:23] == "200000" and first[23:31] == "11112222" and first[31:35] == "    "
    assert first[35:46] == "00000080000"  # pence, right-justified, zero-filled, 11 digits
    assert first[46:64] == "EXAMPLESHIRE COUNC"  # the originator's name, cut to 18
    assert first[64:82] == "SD261207EX000001  "
    assert first[82:100] == "E EVANS DP ACCOUNT"
    assert second[0:6] == "400515" and second[6:14] == "87654321" and second[35:46] == "00000123456"
    assert second[82:100] == "ACME CARE LTD     "


def test_the_contra_debits_the_councils_account_with_the_sum_of_the_credits():
    contra = records(TWO, contra_narrative="RUN-20261207")[6]
    assert contra[0:6] == "200000" and contra[6:14] == "11112222" and contra[14] == "0" and contra[15:17] == "17"
    assert contra[17:23] == "200000" and contra[23:31] == "11112222" and contra[31:35] == "    "
    assert contra[35:46] == "00000203456"
    assert contra[46:64] == "RUN-20261207      " and contra[64:82] == "CONTRA" + " " * 12
    assert contra[82:100] == "EXAMPLESHIRE COUNC"


def test_the_end_of_file_labels_repeat_the_headers_and_the_trailer_carries_the_totals():
    found = records(TWO)
    eof1, eof2, utl1 = found[-3:]
    assert eof1 == "EOF1" + found[1][4:] and eof2 == "EOF2" + found[2][4:]
    assert utl1[0:4] == "UTL1"
    assert utl1[4:17] == "0000000203456" and utl1[17:30] == "0000000203456"  # debits (the contra), credits
    assert utl1[30:37] == "0000001" and utl1[37:44] == "0000002" and utl1[44:] == " " * 36  # their counts


@pytest.mark.parametrize(("day", "julian"), [(D(2026, 12, 6), " 26340"), (D(2026, 1, 1), " 26001"),
                                             (D(2028, 12, 31), " 28366"), (D(2030, 3, 1), " 30060")])
def test_a_day_in_its_julian_form(day, julian):
    assert bacs.julian(day) == julian


def test_names_are_upper_case_bacs_characters_and_nothing_else():
    assert bacs.bacs_name("Élodie O'Brien-Smith & Co. (Ltd), 1/2") == "ELODIE O BRIEN-SMITH & CO. LTD 1/2"
    assert bacs.bacs_name("Zoë\tMüller\nßtraße") == "ZOE MULLER SSTRASSE"
    record = records([line(payee="Zoë O'Neill_Ltd")])[4]
    assert record[82:100] == "ZOE O NEILL LTD   "


ALLOWED_IN_FILE = bacs.ALLOWED
names = st.tuples(st.text(max_size=30), st.from_regex(r"\A[A-Za-z0-9]\Z")).map("".join)  # any text, and a letter Bacs takes
amounts = st.integers(1, 10**9)


@settings(max_examples=examples(200))
@given(st.lists(st.tuples(names, amounts), min_size=1, max_size=12), names)
def test_any_names_make_a_file_of_bacs_characters_whose_totals_and_counts_match(payments, council_name):
    lines = [line(payee=name, amount_pence=pence, reference=f"REF{n:06d}") for n, (name, pence) in enumerate(payments)]
    found = records(lines, originating_name=council_name)
    assert all(set(record) <= ALLOWED_IN_FILE for record in found)
    assert [len(r) for r in found] == [80] * 4 + [100] * (len(lines) + 1) + [80] * 3
    data, contra, utl1 = found[4:-4], found[-4], found[-1]
    credits = [int(record[35:46]) for record in data]
    assert credits == [pence for _, pence in payments] and all(record[15:17] == "99" for record in data)
    assert contra[15:17] == "17" and int(contra[35:46]) == sum(credits)  # the contra balances the credits
    assert int(utl1[4:17]) == int(contra[35:46]) and int(utl1[17:30]) == sum(credits)
    assert int(utl1[30:37]) == 1 and int(utl1[37:44]) == len(data)


@pytest.mark.parametrize(("bad", "says"), [
    ({"sort_code": "30995"}, "Line 2 (SD261207EX000002): the sort code must be 6 digits, not '30995'"),
    ({"account_number": "1234567X"}, "Line 2 (SD261207EX000002): the account number must be 8 digits"),
    ({"amount_pence": 0}, "Line 2 (SD261207EX000002): the amount must be 1p to"),
    ({"amount_pence": 10**11}, "Line 2 (SD261207EX000002): the amount must be 1p to"),
    ({"payee": "王小明"}, "Line 2 (SD261207EX000002): the payee's name '王小明' has no letters or digits Bacs takes"),
    ({"reference": "SD_26"}, "Line 2 (SD_26): the reference 'SD_26' has characters Bacs does not take ('_')"),
    ({"reference": "SD261207EX000002XYZ"}, "the reference 'SD261207EX000002XYZ' is longer than 18 characters"),
    ({"reference": ""}, "Line 2: the payment has no reference"),
])
def test_a_line_bacs_cannot_take_is_refused_by_its_number(bad, says):
    lines = [line(), line(**{"reference": "SD261207EX000002", **bad})]
    with pytest.raises(bacs.BacsError) as refused:
        records(lines)
    assert says in str(refused.value)


@pytest.mark.parametrize(("given", "says"), [
    ({"service_user_number": "12345"}, "SELFDIRECT_BACS_SERVICE_USER_NUMBER: the service user number must be 6 digits"),
    ({"originating_sort_code": "20-00"}, "SELFDIRECT_BACS_SORT_CODE: the sort code must be 6 digits"),
    ({"originating_account": "1111222"}, "SELFDIRECT_BACS_ACCOUNT_NUMBER: the account number must be 8 digits"),
    ({"originating_name": "??"}, "SELFDIRECT_BACS_ACCOUNT_NAME: '??' has no letters or digits Bacs takes"),
    ({"processing_day": D(2026, 12, 5)}, "Saturday 5 December 2026, is not a Bacs processing day"),
    ({"processing_day": D(2026, 12, 25)}, "Friday 25 December 2026, is not a Bacs processing day"),
    ({"file_number": 1000}, "The file number must be 1 to 999"),
])
def test_the_councils_details_and_the_day_are_checked(given, says):
    with pytest.raises(bacs.BacsError) as refused:
        records([line()], **given)
    assert says in str(refused.value)


def test_a_run_paying_nobody_makes_no_file():
    with pytest.raises(bacs.BacsError, match="The run pays nobody"):
        records([])


def test_a_total_beyond_the_contras_eleven_digits_is_refused():
    with pytest.raises(bacs.BacsError, match="does not fit the contra record's 11 digits"):
        records([line(amount_pence=10**11 - 1), line(amount_pence=1, reference="SD2")])


# The command line


@pytest.fixture
def bacs_settings(settings):
    settings.PAYMENT_RUN_APPROVAL = "one_person"
    settings.BACS_SERVICE_USER_NUMBER = "123456"
    settings.BACS_SORT_CODE = "200000"
    settings.BACS_ACCOUNT_NUMBER = "11112222"
    settings.BACS_ACCOUNT_NAME = "Exampleshire Council"
    return settings


def money(*args):
    out = io.StringIO()
    call_command("money", *args, stdout=out)
    return out.getvalue()


def test_pay_writes_the_runs_bacs_file_beside_its_csv_the_same_each_time(council, bacs_settings, tmp_path):
    council.live_person(user=council.holder)
    out, std18 = tmp_path / "run.csv", tmp_path / "run.bacs"
    said = money("pay", "--run-date", "2026-03-20", "--out", str(out), "--bacs", str(std18),
                 "--processing-day", "2026-03-25")
    assert f"Bacs Standard 18 file written to {std18}" in said
    run = PaymentRun.objects.get()
    found = std18.read_bytes().decode("ascii").split("\r\n")[:-1]
    data = found[4:-4]
    assert len(data) == run.lines.count() and found[3][4:10] == " 26084"  # Wednesday 25 March 2026
    assert [int(r[35:46]) for r in data] == [pl.amount_pence for pl in run.lines.all()]
    assert found[-4][46:64].strip() == "RUN-20260320" and int(found[-1][17:30]) == sum(int(r[35:46]) for r in data)
    first = std18.read_bytes()
    std18.unlink()
    said = money("pay", "--run-date", "2026-03-20", "--out", str(out), "--bacs", str(std18),
                 "--processing-day", "2026-03-25")
    assert said.startswith("Already made") and std18.read_bytes() == first
    assert not (tmp_path / "run.bacs.partial").exists()
    std18.unlink()
    money("pay", "--run-date", "2026-03-20", "--out", str(out), "--bacs", str(std18))  # the default processing day
    hdr1, uhl1 = std18.read_bytes().decode("ascii").split("\r\n")[1:4:2]
    created = datetime.datetime.strptime(hdr1[42:47], "%y%j").date()  # the day the run was approved: today
    day = datetime.datetime.strptime(uhl1[5:10], "%y%j").date()
    assert created == datetime.date.today() and day > created and day.weekday() < 5


def test_pay_with_bacs_is_refused_naming_the_setting_missing_before_a_run_is_made(council, bacs_settings, tmp_path):
    council.live_person(user=council.holder)
    bacs_settings.BACS_SORT_CODE = ""
    with pytest.raises(CommandError) as refused:
        money("pay", "--run-date", "2026-03-20", "--out", str(tmp_path / "run.csv"), "--bacs", str(tmp_path / "r.bacs"))
    assert refused.value.returncode == 2 and "set SELFDIRECT_BACS_SORT_CODE" in str(refused.value)
    assert not PaymentRun.objects.exists() and not (tmp_path / "run.csv").exists()


def test_pay_with_bacs_refuses_a_day_bacs_does_not_process_and_writes_neither_file(council, bacs_settings, tmp_path):
    council.live_person(user=council.holder)
    with pytest.raises(CommandError) as refused:
        money("pay", "--run-date", "2026-03-20", "--out", str(tmp_path / "run.csv"), "--bacs", str(tmp_path / "r.bacs"),
              "--processing-day", "2026-03-21")
    assert refused.value.returncode == 1 and "is not a Bacs processing day" in str(refused.value)
    assert not (tmp_path / "run.csv").exists() and not (tmp_path / "r.bacs").exists()
