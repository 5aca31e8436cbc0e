"""A payment run's direct credits as a Bacs Standard 18 file, the fixed-width file a council's Bacs software (Bacstel-IP,
or its bank's upload) takes. Django-free.

The layout is written down field by field in docs/bacs-standard-18.md, with the published descriptions it comes from
and what could not be confirmed (the full specification is sold, not published, [IBM]; so it is pieced together from
banks' and software vendors' published descriptions). In short, one file for one processing day ("1 DAILY"):

    VOL1, HDR1, HDR2, UHL1        80-character labels
    a data record a payment       100 characters, transaction code 99 (a direct credit)
    one contra record             100 characters, transaction code 17: the debit of the council's account that
                                  balances the credits
    EOF1, EOF2, UTL1              80-character labels; UTL1 carries the debit and credit totals and counts

Sources (each cited again beside the field it gives):
[BOI]   Bank of Ireland, "BACS File Specification", Appendix 2 (VOL1, HDR1 fields and positions):
        https://online.documentine.com/bank-branch-number-on-check/2/pdf-bacs-file-specification.html
[FD]    FinDock, "Bacs Direct Debit collection file" (the records, their order and lengths; VOL positions):
        https://docs.findock.com/May-25-sandbox/payment-processors/bacs-dd-collection-file
[MYOB]  MYOB Acumatica, "Settings of the BACS HSBC File" (the records and their order; VOL positions):
        https://help.myob.com.au/advanced/Docs/Published/UserGuide/CA__CON_Settings_of_BACS_HSBC_Plug-In.html
[DDCMS] A public test-file generator for DDCMS, "Bacs18PaymentLines" (the data record's 11 fields and positions, the
        character set, the Julian date " 25201"):
        https://github.com/tracey-stobbs/ddcms-direct-file-generator/blob/6578e7957ad15e19f9e8bdae52d4a106f316dbf5/documentation/FileFormats/Bacs18PaymentLines.md
[ODOO]  Odoo Enterprise's UK Bacs module's tests, which assert every label's and record's positions (a public copy):
        https://github.com/Eddy-C127/enterprise18/blob/67eada8d1d2ddb1fab6c6f424b6fb1e1fdc19b3f/l10n_uk_bacs/tests/test_bacs.py
[MOJ]   Ministry of Justice, bankline-direct-parser (UTL1 totals and counts, as a bank's Standard 18 output has them):
        https://github.com/ministryofjustice/bankline-direct-parser/blob/925fbd552d0a8a69aec19570e0b49febdb120bec/bankline_parser/data_services/models.py
[CHARS] Paygate, "Allowed Characters" (Bacs characters: space & - . / 0-9 A-Z):
        https://portal.paygate.cloud/paygatedesktop/scr/Allowed_Characters.htm ; Access PaySuite, "Using special
        characters in Direct Debit references" (others "replaced with a space when processed by BACS"):
        https://help-accesspaysuiteddcms.theaccessgroup.com/en/articles/12002363-using-special-characters-in-direct-debit-references
[IBM]   IBM Sterling, "Domestic format for the United Kingdom" (the specification is "available for purchase"; input
        records are 100 characters, or 106 with a processing day each):
        https://www.ibm.com/docs/en/ste/10.1.2?topic=support-domestic-format-united-kingdom
[UHL]   "The UHL1 Date in the BACS Standard 18 output" (format bYYDDD; a processing day, not a Saturday, Sunday or bank
        holiday; no more than 31 days ahead): https://payroll.help.center/article/1556-the-date-value-generated-in-your-application-is-amended-while-uploading-to-the-bacs-software-what-is-the-reason
[EOF]   Fujitsu BS2000, "Dateiende-Kennsätze EOF1 bis EOF9" (tape labels: EOF1 and EOF2 repeat HDR1's and HDR2's fields):
        https://bs2manuals.ts.fujitsu.com/psBS2000OPERATINGSYSTEMV210Bde/familie-der-dateiende-kennsaetze-eof1-bis-eof9-bs2000-v21-0a-dvs-makros-2021-06-150-122850305.html
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable

from selfdirect.core.dates import is_working_day
from selfdirect.core.money import Money

# [CHARS], [DDCMS]: upper-case A-Z, 0-9, space, full stop, ampersand, slash and hyphen; nothing else.
ALLOWED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .&/-")
CREDIT = "99"  # [DDCMS], [ODOO]: a direct credit
CONTRA_DEBIT = "17"  # [ODOO]: the contra of a file of credits debits the originator's account
LABEL_LENGTH = 80  # [BOI], [FD]
RECORD_LENGTH = 100  # [FD], [DDCMS]: 100 characters for one processing day (106 with a day of its own each: not used)
# No source states the line ending: Odoo writes LF, software written for Windows CR LF. Selfdirect writes CR LF
# (docs/bacs-standard-18.md, "Not confirmed").
LINE_END = "\r\n"
NAME_WIDTH = 18  # [DDCMS]: originator's name, reference and beneficiary's name are 18 characters each
MAX_AMOUNT = 10**11 - 1  # 11 digits of pence [DDCMS]
MAX_COUNT = 10**7 - 1  # 7 digits a count in UTL1 [ODOO], [MOJ]


class BacsError(ValueError):
    """Why the file cannot be written, naming the line or the setting."""


def julian(day: datetime.date) -> str:
    """A day as Standard 18 writes it: a space, the year's last two digits and the day of the year (6 December 2026 is
    " 26340") [DDCMS] (" 25201" for the 201st day of 2025), [UHL] ("bYYDDD")."""
    return day.strftime(" %y%j")


def bacs_name(text: str) -> str:
    """A name in Bacs characters: upper case, accents dropped (É is E), any other character a space, spaces collapsed.
    Bacs itself replaces a character outside its set with a space [CHARS]; doing it here means the file says what
    Bacs will read."""
    decomposed = unicodedata.normalize("NFKD", text.upper())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch in ALLOWED else " " for ch in letters).split())


def _digits(value: str, count: int, what: str, where: str) -> str:
    cleaned = (value or "").replace("-", "").replace(" ", "")
    if len(cleaned) != count or not cleaned.isascii() or not cleaned.isdigit():
        raise BacsError(f"{where}: the {what} must be {count} digits, not {value!r}")
    return cleaned


def _text(value: str, width: int) -> str:
    return value[:width].ljust(width)


def _number(value: int, width: int) -> str:
    return str(value).rjust(width, "0")


def _where(number: int, line) -> str:
    reference = getattr(line, "reference", "") or ""
    return f"Line {number}" + (f" ({reference})" if reference else "")


def _reference(reference: str, where: str) -> str:
    # A payment's reference identifies it on the payee's statement and in reconciliation: it is refused, never altered.
    wanted = (reference or "").strip().upper()
    if not wanted:
        raise BacsError(f"{where}: the payment has no reference")
    wrong = sorted({ch for ch in wanted if ch not in ALLOWED})
    if wrong:
        raise BacsError(f"{where}: the reference {reference!r} has characters Bacs does not take "
                        f"({' '.join(repr(ch) for ch in wrong)}): only A-Z, 0-9, space, . & / -")
    if len(wanted) > NAME_WIDTH:
        raise BacsError(f"{where}: the reference {reference!r} is longer than {NAME_WIDTH} characters")
    return wanted


def _label(text: str) -> str:
    assert len(text) == LABEL_LENGTH, (text, len(text))
    return text


def _record(text: str) -> str:
    assert len(text) == RECORD_LENGTH, (text, len(text))
    return text


def standard_18(lines: Iterable, *, service_user_number: str, originating_sort_code: str, originating_account: str,
                originating_name: str, processing_day: datetime.date, file_number: int,
                created_on: datetime.date | None = None, contra_narrative: str = "") -> str:
    """The Standard 18 file paying `lines` (each with payee, sort_code, account_number, amount_pence, reference) by direct
    credit from the council's account, on `processing_day`.

    `file_number` (1 to 999) tells the day's files apart: it is the submission serial number of VOL1 and HDR1 and the
    file number of UHL1. `created_on` (HDR1's creation date) is the processing day unless given, so the same run always
    makes the same file. `contra_narrative` (the run's reference, say) goes in the contra record's first name field.
    Raises BacsError naming the line or the setting that cannot go in the file."""
    sun = _digits(service_user_number, 6, "service user number", "SELFDIRECT_BACS_SERVICE_USER_NUMBER")
    own_sort = _digits(originating_sort_code, 6, "sort code", "SELFDIRECT_BACS_SORT_CODE")
    own_account = _digits(originating_account, 8, "account number", "SELFDIRECT_BACS_ACCOUNT_NUMBER")
    own_name = bacs_name(originating_name)
    if not own_name:
        raise BacsError(f"SELFDIRECT_BACS_ACCOUNT_NAME: {originating_name!r} has no letters or digits Bacs takes")
    if not 1 <= file_number <= 999:
        raise BacsError(f"The file number must be 1 to 999, not {file_number}")
    if not is_working_day(processing_day):
        raise BacsError(f"The processing day, {processing_day:%A} {processing_day.day} {processing_day:%B %Y}, is not a "
                        "Bacs processing day: it is a weekend or a bank holiday in England and Wales")
    created = created_on or processing_day
    serial = _number(file_number, 6)  # [BOI]: "Right Justified and zero filled", not all zeros, unique for that day
    narrative = bacs_name(contra_narrative) or f"FILE {file_number:03d}"

    records, total = [], 0
    for number, line in enumerate(lines, start=1):
        where = _where(number, line)
        sort_code = _digits(line.sort_code, 6, "sort code", where)
        account = _digits(line.account_number, 8, "account number", where)
        amount = line.amount_pence
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_AMOUNT:
            shown = Money(amount).format() if isinstance(amount, int) and not isinstance(amount, bool) else repr(amount)
            raise BacsError(f"{where}: the amount must be 1p to {Money(MAX_AMOUNT).format()}, not {shown}")
        reference = _reference(line.reference, where)
        payee = bacs_name(line.payee)
        if not payee:
            raise BacsError(f"{where}: the payee's name {line.payee!r} has no letters or digits Bacs takes")
        total += amount
        # The data record [DDCMS] (positions 1-100), [ODOO] verify_payment_line:
        records.append(_record(
            sort_code  # 1-6 destination sorting code
            + account  # 7-14 destination account number
            + "0"  # 15 destination account type
            + CREDIT  # 16-17 transaction code
            + own_sort  # 18-23 originating sorting code
            + own_account  # 24-31 originating account number
            + " " * 4  # 32-35 free format (the RTI checksum of a Direct Debit; blank for a credit)
            + _number(amount, 11)  # 36-46 amount in pence, right-justified, zero-filled
            + _text(own_name, NAME_WIDTH)  # 47-64 originator's name (the payer the payee's statement shows)
            + _text(reference, NAME_WIDTH)  # 65-82 originator's reference
            + _text(payee, NAME_WIDTH)))  # 83-100 destination account name (the beneficiary)
    if not records:
        raise BacsError("The run pays nobody: there is nothing to send to Bacs")
    if len(records) > MAX_COUNT:
        raise BacsError(f"The run has {len(records)} payments: one Standard 18 file takes {MAX_COUNT} at most")
    if total > MAX_AMOUNT:
        raise BacsError(f"The run's total, {Money(total).format()}, does not fit the contra record's 11 digits: split it")
    # The contra [ODOO] verify_contra_line: the council's own account debited (17) with the sum of the credits.
    contra = _record(
        own_sort + own_account  # 1-14 the originator's own sort code and account
        + "0" + CONTRA_DEBIT  # 15 account type, 16-17 transaction code 17
        + own_sort + own_account  # 18-31 originating sort code and account
        + " " * 4  # 32-35 free format
        + _number(total, 11)  # 36-46 the sum of the data records' amounts
        + _text(narrative, NAME_WIDTH)  # 47-64 the originator's narrative
        + _text("CONTRA", NAME_WIDTH)  # 65-82 "CONTRA"
        + _text(own_name, NAME_WIDTH))  # 83-100 the originator's name

    file_identifier = "A" + sun + "S  1" + sun  # [BOI] HDR1 5-21; [ODOO]: "A", the SUN, "S  1", the SUN
    hdr1_fields = (file_identifier  # 5-21
                   + serial  # 22-27 set identification: the submission serial number [BOI], [ODOO]
                   + "0001"  # 28-31 file section number [BOI], [ODOO]
                   + "0001"  # 32-35 file sequence number [BOI], [ODOO]
                   + " " * 6  # 36-41 generation number and version: blank [ODOO]
                   + julian(created)  # 42-47 creation date [BOI], [ODOO]
                   + julian(processing_day)  # 48-53 expiration date [BOI], [ODOO] (the processing day: not confirmed)
                   + " " * 27)  # 54-80 accessibility, block count, system code, reserved: blank [ODOO]
    hdr2_fields = ("F"  # 5 record format: fixed [ODOO]
                   + "02000"  # 6-10 block length [ODOO]
                   + _number(RECORD_LENGTH, 5)  # 11-15 record length [ODOO]
                   + " " * 65)  # 16-80 blank [ODOO]
    labels_before = [
        _label("VOL1"  # 1-4 [BOI], [FD], [MYOB]
               + serial  # 5-10 submission serial number [BOI]
               + " "  # 11 accessibility indicator [BOI]
               + " " * 26  # 12-37 reserved [BOI], [MYOB]
               + " " * 4  # 38-41 owner identification, first part: blank [MYOB], [ODOO]
               + sun  # 42-47 owner identification: the service user number [MYOB], [ODOO]
               + " " * 32  # 48-79 reserved [BOI]
               + "1"),  # 80 label standard level [BOI], [FD]
        _label("HDR1" + hdr1_fields),
        _label("HDR2" + hdr2_fields),
        _label("UHL1"  # 1-4 [ODOO]
               + julian(processing_day)  # 5-10 processing day, bYYDDD [UHL], [ODOO]
               + "999999    "  # 11-20 identifying number of the receiving party: Bacs (not confirmed; see the doc)
               + "00"  # 21-22 currency code: sterling [ODOO], [MOJ]
               + "000000"  # 23-28 country code [ODOO]
               + "1 DAILY  "  # 29-37 work code: one processing day [ODOO], [MOJ]
               + _number(file_number, 3)  # 38-40 file number [MOJ]
               + " " * 40),  # 41-80 blank (audit print identifier left out)
    ]
    labels_after = [
        _label("EOF1" + hdr1_fields),  # [EOF], [ODOO]: HDR1's fields again
        _label("EOF2" + hdr2_fields),  # [EOF], [ODOO]: HDR2's fields again
        _label("UTL1"  # 1-4 [ODOO], [MOJ]
               + _number(total, 13)  # 5-17 monetary total of debit items: the contra
               + _number(total, 13)  # 18-30 monetary total of credit items: the data records
               + _number(1, 7)  # 31-37 count of debit items: the one contra
               + _number(len(records), 7)  # 38-44 count of credit items
               + " " * 36),  # 45-80 blank [ODOO]
    ]
    return LINE_END.join([*labels_before, *records, contra, *labels_after]) + LINE_END
