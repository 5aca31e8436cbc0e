"""A receipt is kept only if its content is a PDF, JPEG or PNG, stored under a random name as a clean copy, and handed
back only as a download that no browser runs (issue 15, finding 2; docs/security.md, "Receipts and other uploads")."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.ExifTags import IFD, Base
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from selfdirect.money import actions
from selfdirect.money.models import SpendingRecord

HTML_AS_PDF = b"%PDF-1.7\n<html><body><script>fetch('/api/v1/people/').then(r=>r.text()).then(alert)</script></body></html>"
SVG_AS_PNG = (b"\x89PNG\r\n\x1a\n<svg xmlns='http://www.w3.org/2000/svg' onload='alert(document.cookie)'>"
              b"<script>alert(1)</script></svg>")


def photo_with_location(fmt="PNG") -> bytes:
    """A phone photo: turned on its side by EXIF orientation, with the camera's make and where it was taken."""
    img = Image.new("RGB", (40, 20), "white")
    img.putpixel((0, 0), (255, 0, 0))
    exif = Image.Exif()
    exif[Base.Orientation] = 6  # rotate 90° clockwise to view
    exif[Base.Make] = "PhoneCo"
    exif[IFD.GPSInfo] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    img.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def pdf(script=False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if script:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def holder_page(council, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = council.live_person(user=council.holder)
    client.force_login(council.holder)
    page = f"/people/{person.pk}/account/"

    def upload(name, content, content_type):
        form = {"spent_on_0": "3", "spent_on_1": "2", "spent_on_2": "2026", "payee": "Sam Okafor", "amount_pence": "12.00",
                "receipt": SimpleUploadedFile(name, content, content_type=content_type)}
        return client.post(f"{page}spending/", form)
    upload.page = page
    upload.person = person
    return upload


@pytest.mark.parametrize("name, content, content_type", [
    ("receipt.html", HTML_AS_PDF, "text/html"),
    ("receipt.pdf", HTML_AS_PDF, "application/pdf"),  # the name and the browser's type are not believed
    ("receipt.png", SVG_AS_PNG, "image/png"),
    ("receipt.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "image/svg+xml"),
    ("receipt.pdf", pdf(script=True), "application/pdf"),
])
def test_a_file_that_is_not_a_plain_pdf_jpeg_or_png_is_refused_naming_the_field(holder_page, name, content, content_type):
    response = holder_page(name, content, content_type)
    assert response.status_code == 400
    body = response.content.decode()
    assert re.search(r"The receipt must be a PDF(, JPEG or PNG| without scripts)", body)
    assert 'href="#id_receipt"' in body  # the error summary links to the receipt field
    assert not SpendingRecord.objects.exists()


def test_the_form_says_what_it_accepts(holder_page, client):
    body = client.get(f"{holder_page.page}spending/").content.decode()
    assert "PDF, JPEG or PNG, up to 5 MB" in body


def test_a_photo_is_kept_upright_without_its_location_under_a_random_name(holder_page, tmp_path):
    sent = photo_with_location("PNG")
    assert holder_page("IMG_0001 at home.PNG", sent, "image/png").status_code == 302
    record = SpendingRecord.objects.get()
    assert re.fullmatch(r"receipts/\d{4}/\d{2}/[0-9a-f]{32}\.png", record.receipt.name)
    assert "IMG_0001" not in record.receipt.name and "home" not in record.receipt.name
    assert record.receipt_type == "image/png" and record.receipt_name == "IMG_0001 at home.PNG"
    kept = (tmp_path / record.receipt.name).read_bytes()
    assert kept != sent and b"PhoneCo" not in kept
    image = Image.open(io.BytesIO(kept))
    assert image.format == "PNG" and image.size == (20, 40)  # orientation applied: it looks as the phone showed it
    assert image.getpixel((19, 0))[:3] == (255, 0, 0)
    assert not image.getexif() and not image.getexif().get_ifd(IFD.GPSInfo) and not image.info


def test_a_jpeg_keeps_its_kind_and_loses_its_location(holder_page, tmp_path):
    assert holder_page("photo.jpeg", photo_with_location("JPEG"), "image/jpeg").status_code == 302
    record = SpendingRecord.objects.get()
    assert record.receipt.name.endswith(".jpg") and record.receipt_type == "image/jpeg"
    image = Image.open(tmp_path / record.receipt.name)
    assert image.format == "JPEG" and image.size == (20, 40)
    assert not image.getexif() and "exif" not in image.info


def test_two_receipts_with_the_same_name_get_different_random_names(holder_page):
    assert holder_page("receipt.pdf", pdf(), "application/pdf").status_code == 302
    assert holder_page("receipt.pdf", pdf(), "application/pdf").status_code == 302
    first, second = (r.receipt.name for r in SpendingRecord.objects.order_by("id"))
    assert first != second and first.endswith(".pdf") and second.endswith(".pdf") and "receipt" not in first[9:]


def test_a_pdf_is_stored_rebuilt_without_its_author_or_refused_on_the_field_when_it_cannot_be(holder_page, tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Elsie Evans", "/Title": "Receipt"})
    out = io.BytesIO()
    writer.write(out)
    assert holder_page("receipt.pdf", out.getvalue(), "application/pdf").status_code == 302
    kept = (tmp_path / SpendingRecord.objects.get().receipt.name).read_bytes()
    assert kept != out.getvalue() and b"Elsie" not in kept and PdfReader(io.BytesIO(kept)).metadata is None

    del writer.pages[0][NameObject("/Type")]  # it parses, but pypdf cannot copy the page
    out = io.BytesIO()
    writer.write(out)
    response = holder_page("receipt.pdf", out.getvalue(), "application/pdf")
    assert response.status_code == 400
    body = response.content.decode()
    assert "The receipt must be a PDF that can be opened and copied" in body and 'href="#id_receipt"' in body
    assert SpendingRecord.objects.count() == 1


def test_a_receipt_is_served_as_a_download_of_its_detected_kind_that_no_browser_runs(holder_page, client):
    assert holder_page("scan.html.pdf", pdf(), "text/html").status_code == 302
    record = SpendingRecord.objects.get()
    response = client.get(f"{holder_page.page}receipts/{record.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{record.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_receipt_kept_before_kinds_were_recorded_is_served_as_an_opaque_download(holder_page, client, council, tmp_path):
    # as a receipt stored by the old form was: an HTML file behind a PDF signature, named by the person
    (tmp_path / "receipts" / "2025" / "01").mkdir(parents=True)
    (tmp_path / "receipts/2025/01/receipt.html").write_bytes(HTML_AS_PDF)
    record = SpendingRecord.objects.create(case=council.case(holder_page.person), spent_on=datetime.date(2025, 1, 3),
                                           payee="Sam Okafor", amount_pence=1200, entered_by=council.holder,
                                           receipt="receipts/2025/01/receipt.html")
    response = client.get(f"{holder_page.page}receipts/{record.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{record.pk}.bin"'
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"] == "sandbox"


def test_the_action_every_route_uses_refuses_the_same_files(council, settings, tmp_path):
    """The page, the API and the demo council all record spending through actions.record_spending."""
    settings.MEDIA_ROOT = tmp_path
    person = council.live_person(user=council.holder)
    case = council.case(person)

    def record(receipt):
        return actions.record_spending(case, actor=council.holder, spent_on=datetime.date(2026, 2, 3), payee="Sam Okafor",
                                       amount_pence=1200, receipt=receipt)
    for bad in (SimpleUploadedFile("r.html", HTML_AS_PDF, "application/pdf"), SVG_AS_PNG):
        with pytest.raises(actions.MoneyError, match="The receipt must be a PDF, JPEG or PNG") as refused:
            record(bad)
        assert refused.value.field == "receipt"
    assert not SpendingRecord.objects.exists() and not any(tmp_path.rglob("*.*"))
    made = record(photo_with_location("JPEG"))
    assert made.receipt_type == "image/jpeg" and re.fullmatch(r"receipts/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", made.receipt.name)
    assert b"PhoneCo" not in made.receipt.open("rb").read()
