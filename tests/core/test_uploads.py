"""core.uploads: a file's kind judged by parsing its content, and the clean copy kept (docs/security.md, "Receipts and
other uploads"). No database: the rule is plain Python over bytes."""

import io

import pytest
from PIL import Image
from PIL.ExifTags import IFD, Base
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from selfdirect.core import uploads


def image(fmt="PNG", size=(40, 20), mode="RGB", exif=True, **save) -> bytes:
    img = Image.new(mode, size, "white" if mode in ("RGB", "RGBA") else 0)
    if exif:
        data = Image.Exif()
        data[Base.Orientation] = 6
        data[Base.Make] = "PhoneCo"
        data[IFD.GPSInfo] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
        save["exif"] = data.tobytes()
    out = io.BytesIO()
    img.save(out, fmt, **save)
    return out.getvalue()


def pdf(tweak=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if tweak:
        tweak(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind, **extra):
    return DictionaryObject({NameObject("/S"): NameObject(kind), **{NameObject(k): v for k, v in extra.items()}})


def script_on_open(writer):
    writer._root_object[NameObject("/OpenAction")] = _action("/JavaScript", **{"/JS": TextStringObject("app.alert(1)")})


def launch_on_open(writer):
    writer._root_object[NameObject("/OpenAction")] = _action("/Launch", **{"/F": TextStringObject("calc.exe")})


def page_action(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _action("/JavaScript")})


def attachment(writer):
    writer.add_attachment("invoice.html", b"<script>alert(1)</script>")


def locked(writer):
    writer.encrypt("secret")


def go_to_first_page(writer):
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n<html><script>alert(1)</script></html>",  # a PDF signature on an HTML page
    b"\x89PNG\r\n\x1a\n<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",  # an SVG behind a PNG signature
    b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>",  # and behind a JPEG's
    b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"<!doctype html><script>alert(1)</script>",
    image("GIF", exif=False), image("WEBP"), image("BMP", exif=False), image("TIFF"),
    b"MZ\x90\x00" * 10,
    image("JPEG", size=(400, 400))[:600],  # a photo cut short: it does not decode
    pdf()[:200],  # a damaged PDF
], ids=["html-as-pdf", "svg-as-png", "html-as-jpeg", "svg", "html", "gif", "webp", "bmp", "tiff", "exe", "cut-jpeg",
        "cut-pdf"])
def test_anything_but_a_whole_pdf_jpeg_or_png_is_refused_naming_the_field(data):
    with pytest.raises(uploads.UploadRefused, match="^The receipt must be a PDF, JPEG or PNG$"):
        uploads.detect(data, what="receipt")


@pytest.mark.parametrize("tweak", [script_on_open, launch_on_open, page_action, attachment])
def test_a_pdf_with_script_actions_or_attached_files_is_refused(tweak):
    with pytest.raises(uploads.UploadRefused, match="^The receipt must be a PDF without scripts, actions or attached"):
        uploads.detect(pdf(tweak), what="receipt")


def test_a_pdf_locked_by_a_password_is_refused_as_it_cannot_be_checked():
    with pytest.raises(uploads.UploadRefused, match="^The receipt must be a PDF without a password$"):
        uploads.detect(pdf(locked), what="receipt")


def test_a_plain_pdf_is_accepted_even_one_that_opens_at_its_first_page():
    for data in (pdf(), pdf(go_to_first_page)):
        kept = uploads.accept(data, what="receipt")
        assert kept.kind is uploads.PDF and len(PdfReader(io.BytesIO(kept.content)).pages) == 1
    assert "/OpenAction" not in PdfReader(io.BytesIO(uploads.accept(pdf(go_to_first_page)).content)).root_object


def _xmp(writer, who):
    stream = DecodedStreamObject()
    stream.set_data(f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{who}</dc:creator></x:xmpmeta>'.encode())
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    return writer._add_object(stream)


def with_metadata(writer):
    """What a phone's or an office suite's PDF carries besides its pages: /Info, XMP (the document's, a page's and a
    form's on the page), a name tree and a private application's data."""
    writer.add_blank_page(300, 400)
    writer.add_metadata({"/Author": "Elsie Evans", "/Title": "Receipt from 12 Acacia Avenue"})
    writer._root_object[NameObject("/Metadata")] = _xmp(writer, "Elsie Evans (document XMP)")
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/Dests"): DictionaryObject({
        NameObject("/Names"): ArrayObject([TextStringObject("Elsie-home"), ArrayObject([
            writer.pages[0].indirect_reference, NameObject("/Fit")])])})})
    page = writer.pages[0]
    page[NameObject("/Metadata")] = _xmp(writer, "Elsie Evans (page XMP)")
    page[NameObject("/PieceInfo")] = DictionaryObject({NameObject("/Office"): DictionaryObject({
        NameObject("/Private"): TextStringObject("C:/Users/elsie.evans/receipt.docx")})})
    form = DecodedStreamObject()
    form.set_data(b"0 0 m 10 10 l S")
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(10), NumberObject(10)]),
                 NameObject("/Metadata"): _xmp(writer, "Elsie Evans (form XMP)")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject({
        NameObject("/Fm1"): writer._add_object(form)})})
    content = DecodedStreamObject()
    content.set_data(b"q /Fm1 Do Q")
    page[NameObject("/Contents")] = writer._add_object(content)


def test_a_pdf_is_kept_only_as_a_new_document_of_its_pages_without_metadata():
    sent = pdf(with_metadata)
    before = PdfReader(io.BytesIO(sent))
    assert before.metadata["/Author"] == "Elsie Evans" and "/Metadata" in before.root_object and b"Elsie" in sent
    kept = uploads.accept(sent, what="receipt")
    assert kept.kind is uploads.PDF and kept.content != sent
    after = PdfReader(io.BytesIO(kept.content))
    assert len(after.pages) == len(before.pages) == 2  # it still opens, with every page
    assert [p.mediabox for p in after.pages] == [p.mediabox for p in before.pages]
    assert after.metadata is None and "/Info" not in after.trailer and after.xmp_metadata is None
    assert set(after.root_object) == {"/Type", "/Pages"}  # no /Names, /OpenAction, /AA, /Metadata, /AcroForm
    assert b"Elsie" not in kept.content and b"Acacia" not in kept.content and b"/Metadata" not in kept.content
    assert b"/PieceInfo" not in kept.content and b"pypdf" not in kept.content  # nor pypdf's own /Producer
    drawn = after.pages[0]["/Resources"]["/XObject"]["/Fm1"].get_object()
    assert drawn.get_data() == b"0 0 m 10 10 l S" and after.pages[0].get_contents().get_data() == b"q /Fm1 Do Q"


def test_a_pdf_pypdf_cannot_rebuild_is_refused_naming_the_field():
    def page_without_its_type(writer):  # it parses and passes the checks, but pypdf cannot copy the page
        del writer.pages[0][NameObject("/Type")]

    sent = pdf(page_without_its_type)
    assert uploads.detect(sent, what="receipt") is uploads.PDF
    with pytest.raises(uploads.UploadRefused, match="^The receipt must be a PDF that can be opened and copied"):
        uploads.accept(sent, what="receipt")


def test_too_big_a_file_or_picture_is_refused_before_it_is_decoded():
    with pytest.raises(uploads.UploadRefused, match="^The receipt must be smaller than 5 MB$"):
        uploads.detect(b"%PDF-" + b"0" * uploads.MAX_BYTES, what="receipt")
    bomb = image(size=(8000, 6000), mode="1", exif=False)  # 48 megapixels in a few kilobytes
    assert len(bomb) < 20_000
    with pytest.raises(uploads.UploadRefused, match="^The receipt must be a picture of at most 40 megapixels$"):
        uploads.detect(bomb, what="receipt")
    with pytest.raises(uploads.UploadRefused, match="^The receipt is empty$"):
        uploads.detect(b"", what="receipt")


def test_the_pixel_limit_holds_whatever_pillow_is_set_to(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # someone turned Pillow's own guard off
    with pytest.raises(uploads.UploadRefused, match="megapixels"):
        uploads.detect(image(size=(8000, 6000), mode="1", exif=False), what="receipt")


@pytest.mark.parametrize("fmt, kind", [("PNG", uploads.PNG), ("JPEG", uploads.JPEG)])
def test_an_image_is_encoded_afresh_upright_and_without_metadata(fmt, kind):
    sent = image(fmt)
    assert b"PhoneCo" in sent and Image.open(io.BytesIO(sent)).getexif().get_ifd(IFD.GPSInfo)
    kept = uploads.accept(sent, what="receipt")
    assert kept.kind is kind and b"PhoneCo" not in kept.content
    again = Image.open(io.BytesIO(kept.content))
    assert again.format == fmt and again.size == (20, 40)  # EXIF orientation 6 applied
    assert not again.getexif() and not again.getexif().get_ifd(IFD.GPSInfo)
    assert not {"exif", "xmp", "icc_profile", "Comment"} & set(again.info)


def test_text_chunks_icc_profiles_and_bytes_after_the_image_are_left_behind():
    from PIL import PngImagePlugin
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at 12 Acacia Avenue")
    sent = image("PNG", exif=False, pnginfo=text, icc_profile=b"fake profile") + b"<script>alert(1)</script>"
    kept = uploads.accept(sent, what="receipt").content
    assert b"Acacia" not in kept and b"fake profile" not in kept and b"script" not in kept


def test_the_content_type_sent_and_the_name_are_never_consulted():
    assert uploads.detect(image("JPEG"), what="receipt") is uploads.JPEG  # there is no name or type to pass


def test_a_stored_kind_is_known_only_by_its_recorded_content_type():
    assert uploads.kind_for("image/png") is uploads.PNG and uploads.kind_for("application/pdf") is uploads.PDF
    assert uploads.kind_for("text/html") is None and uploads.kind_for("") is None and uploads.kind_for(None) is None
    assert uploads.SERVE_HEADERS == {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox",
                                     "Cache-Control": "private, no-store"}


@pytest.mark.parametrize("given, shown", [
    ("IMG_0001.JPG", "IMG_0001.JPG"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\sam\\receipt (1).pdf", "receipt (1).pdf"),
    ("<b onmouseover=alert(1)>.pdf", "_b onmouseover_alert(1)_.pdf"),
    ("<script>x</script>.pdf", "script_.pdf"),  # a slash ends a folder name, whatever surrounds it
    ("bad\u202egnp.exe", "badgnp.exe"),  # a right-to-left override would show it as "badexe.png"
    ("line\r\nbreak.png", "linebreak.png"),
    ("   .hidden  ", "hidden"),
    ("", ""),
    (None, ""),
])
def test_the_name_given_is_cleaned_for_display(given, shown):
    assert uploads.display_name(given) == shown


def test_a_long_name_keeps_its_extension():
    shown = uploads.display_name("a" * 300 + ".pdf")
    assert len(shown) == 100 and shown.endswith(".pdf")
