"""Files people upload (a receipt's photo or PDF): what a file is, judged by parsing all of it, and the clean copy to
keep. Django-free; the money app's form, action and receipt view use it (docs/security.md, "Receipts and other
uploads").

- Only the kinds named here are accepted, PDF, JPEG and PNG, and a file's kind is what its content parses as, never its
  name or the content type the browser sent (ASVS 4.0.3 V12.1.1 "will not accept large files", V12.2.1 "files
  obtained from untrusted sources are validated to be of expected type based on the file's content").
- An image is decoded in full by Pillow, refused above MAX_PIXELS before it is decoded (a decompression bomb: V12.1.2
  asks the same of compressed files), and kept only as a fresh encoding in its own format: orientation applied, every
  other piece of metadata (EXIF with its GPS location, XMP, ICC profile, text chunks, trailing bytes) left behind.
- A PDF is parsed by pypdf and refused if it is damaged, locked by a password, or holds JavaScript, an action run on
  opening or on an event, a launch, form submission or embedded (attached) files. It is then kept only as a new
  document built by pypdf from its pages (rebuild_pdf): no document information (/Info: author, title, software), no
  XMP metadata, no name trees (/Names), no open action, document or page actions (/AA), attachments or JavaScript,
  none of the original's catalogue; a PDF pypdf cannot rebuild is refused.
- The kept file gets a random name with the extension of its detected kind (V12.3.1); the name the person gave is
  kept only for display, cleaned by display_name.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

MAX_BYTES = 5 * 1024 * 1024  # V12.1.1: "large files ... that could fill up storage or cause a denial of service"
MAX_PIXELS = 40_000_000  # a 48-megapixel phone saves 12 MP by default; below Pillow's own Image.MAX_IMAGE_PIXELS
MAX_PDF_OBJECTS = 100_000  # a PDF whose object graph is larger than this is refused rather than walked forever


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    label: str


PDF = Kind("application/pdf", ".pdf", "PDF")
JPEG = Kind("image/jpeg", ".jpg", "JPEG")
PNG = Kind("image/png", ".png", "PNG")
KINDS = {kind.content_type: kind for kind in (PDF, JPEG, PNG)}
HINT = "PDF, JPEG or PNG, up to 5 MB"

# Headers for handing a stored upload back (ASVS 4.0.3 V12.5.2 "never executed as HTML/JavaScript content", V14.4.4
# nosniff, V14.4.3 CSP, V8.2.1 anti-caching), with Content-Disposition: attachment and a fixed file name (V12.3.4): never
# sniffed, sandboxed if a browser opens it anyway, kept in no shared or local cache.
SERVE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    "Cache-Control": "private, no-store",
}
UNKNOWN_TYPE = "application/octet-stream"  # a file stored before its kind was recorded

# PDF dictionary keys and name values that run something, or carry a file, when the PDF is opened or used
_ACTIVE_KEYS = {"/JS", "/JavaScript", "/OpenAction", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/XFA", "/RichMedia"}
_ACTIVE_NAMES = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/EmbeddedFile", "/FileAttachment",
                 "/RichMedia", "/Sound", "/Movie", "/Rendition"}


class UploadRefused(ValueError):
    """The file is not one we keep; str() is the message to show, naming the field (`what`)."""


@dataclass(frozen=True)
class Accepted:
    """The file to keep: for an image a fresh encoding without metadata, for a PDF a new document of its pages."""

    content: bytes
    kind: Kind


def kind_for(content_type: str | None) -> Kind | None:
    """The kind recorded when a file was stored, or None (serve it as UNKNOWN_TYPE)."""
    return KINDS.get(content_type or "")


def detect(data: bytes, *, what: str = "file", max_bytes: int = MAX_BYTES) -> Kind:
    """The kind of the file, judged by parsing it in full; UploadRefused if it is too big, not a PDF, JPEG or PNG, or
    a PDF holding active content."""
    return _open(data, what=what, max_bytes=max_bytes)[0]


def accept(data: bytes, *, what: str = "file", max_bytes: int = MAX_BYTES) -> Accepted:
    """detect(), then the copy to keep: an image re-encoded afresh in its own format without its metadata, a PDF
    rebuilt from its pages (never the bytes as sent). ASVS 4.0.3 names no requirement for a document's metadata; this
    serves V8.3.4 (sensitive data identified and handled by a policy: nothing kept that the person did not mean to
    send) and, for the PDF's active parts, V12.2.1 and V12.5.2."""
    kind, image = _open(data, what=what, max_bytes=max_bytes)
    if image is None:
        return Accepted(content=rebuild_pdf(data, what=what), kind=kind)
    return Accepted(content=_reencode(image, kind), kind=kind)


# Page keys left behind when a page is copied: its XMP (/Metadata), private application data (/PieceInfo), actions
# run on opening or closing it (/AA, refused before this anyway), a thumbnail (which may show what the page showed
# before it was edited) and article beads (/B, which point into the old catalogue's /Threads).
_PAGE_KEYS_LEFT = ("/Metadata", "/PieceInfo", "/AA", "/Thumb", "/B")
# Keys dropped from every object the new document reaches: XMP on images, fonts and forms, and private data.
_KEYS_LEFT = ("/Metadata", "/PieceInfo")


def rebuild_pdf(data: bytes, *, what: str = "file") -> bytes:
    """A checked PDF (detect) as a new document holding only its pages: a fresh catalogue (so no /Names, /OpenAction,
    /AA, /AcroForm, /Metadata, embedded files or JavaScript), no /Info, no XMP anywhere. UploadRefused, naming the
    field, if pypdf cannot read or write it, or the copy does not pass the same check."""
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page, excluded_keys=_PAGE_KEYS_LEFT)
        _drop_keys(writer.root_object, _KEYS_LEFT)
        writer.metadata = None  # no /Info: not the original's, nor pypdf's own /Producer
        out = io.BytesIO()
        writer.write(out)
        rebuilt = out.getvalue()
        if len(PdfReader(io.BytesIO(rebuilt)).pages) != len(reader.pages):
            raise ValueError("pages lost")
    except UploadRefused:
        raise
    except Exception:  # pypdf's PdfReadError, KeyError, ValueError, RecursionError, ... on a file it cannot copy
        raise _unreadable(what) from None
    _check_pdf(rebuilt, what=what)  # the copy passes the same check as the original
    return rebuilt


def _drop_keys(start, keys) -> None:
    """Take `keys` out of every dictionary (and stream) reachable from `start`, each object visited once."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[int] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(seen) > MAX_PDF_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(node, DictionaryObject):
            for key in keys:
                node.pop(key, None)
            todo.extend(node.values())
        elif isinstance(node, ArrayObject):
            todo.extend(node)


def display_name(name: str | None, *, limit: int = 100) -> str:
    """The name a person gave their file, fit only to show: no folders, no control or format characters, no
    characters outside letters, digits, spaces and ._-()+, at most `limit` characters. Never used as a path."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    kept = "".join(ch if (ch.isalnum() or ch in " ._-()+") else "_" for ch in base
                   if unicodedata.category(ch)[0] != "C")
    kept = re.sub(r"\s+", " ", kept).strip(" .")
    if len(kept) > limit:
        stem, dot, ext = kept.rpartition(".")
        kept = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else kept[:limit]
    return kept


def _refuse(what: str) -> UploadRefused:
    return UploadRefused(f"The {what} must be a PDF, JPEG or PNG")


def _open(data: bytes, *, what: str, max_bytes: int):
    if not data:
        raise UploadRefused(f"The {what} is empty")
    if len(data) > max_bytes:
        raise UploadRefused(f"The {what} must be smaller than {max_bytes // (1024 * 1024)} MB")
    if data[:5] == b"%PDF-":
        _check_pdf(data, what=what)
        return PDF, None
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff":
        return _open_image(data, what=what)
    raise _refuse(what)


def _open_image(data: bytes, *, what: str):
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG"])
        kind = PNG if image.format == "PNG" else JPEG if image.format in ("JPEG", "MPO") else None
        if kind is None:
            raise _refuse(what)
        width, height = image.size
        # Our own limit, checked before decoding, holds whatever Image.MAX_IMAGE_PIXELS is set to elsewhere
        if width < 1 or height < 1 or width * height > MAX_PIXELS:
            raise UploadRefused(f"The {what} must be a picture of at most {MAX_PIXELS // 1_000_000} megapixels")
        image.load()  # decode every pixel: a truncated or corrupt image fails here
    except UploadRefused:
        raise
    except Exception:  # Pillow reports a bad file with OSError, ValueError, SyntaxError, EOFError, struct.error, ...
        raise _refuse(what) from None
    return kind, image


def _reencode(image, kind: Kind) -> bytes:
    from PIL import ImageOps

    upright = ImageOps.exif_transpose(image)  # turn the picture as its EXIF orientation says, so it looks right
    if upright is None:  # older Pillow returns None when there was nothing to do
        upright = image.copy()
    transparency = upright.info.get("transparency") if kind is PNG else None
    upright.info = {}  # nothing of the original's metadata is carried to the new file (EXIF, GPS, XMP, ICC, text)
    out = io.BytesIO()
    if kind is PNG:
        upright.save(out, "PNG", optimize=True, **({"transparency": transparency} if transparency is not None else {}))
    else:
        if upright.mode not in ("L", "RGB", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=90, exif=b"")
    return out.getvalue()


def _check_pdf(data: bytes, *, what: str) -> None:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadRefused(f"The {what} must be a PDF without a password")
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject) or len(reader.pages) < 1:
            raise _refuse(what)
        # Walk every object the document reaches, from its trailer: an action or attachment anywhere is refused.
        # An /OpenAction that is only a destination (an array: which page, at what zoom) runs nothing and is allowed.
        seen: set[tuple[int, int]] = set()
        todo = [reader.trailer]
        walked = 0
        while todo:
            node = todo.pop()
            if isinstance(node, IndirectObject):
                key = (node.idnum, node.generation)
                if key in seen:
                    continue
                seen.add(key)
                node = node.get_object()
            walked += 1
            if walked > MAX_PDF_OBJECTS:
                raise _refuse(what)
            if isinstance(node, DictionaryObject):
                for name, value in node.items():
                    if name == "/OpenAction" and isinstance(_resolved(value), ArrayObject):
                        todo.append(value)
                        continue
                    if name in _ACTIVE_KEYS:
                        raise _active(what)
                    if name in ("/S", "/Subtype", "/Type") and _resolved(value) in _ACTIVE_NAMES:
                        raise _active(what)
                    todo.append(value)
            elif isinstance(node, ArrayObject):
                todo.extend(node)
    except UploadRefused:
        raise
    except Exception:  # pypdf reports a damaged file with PdfReadError, KeyError, ValueError, RecursionError, ...
        raise _refuse(what) from None


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _unreadable(what: str) -> UploadRefused:
    return UploadRefused(f"The {what} must be a PDF that can be opened and copied: save or print it as a new PDF, or "
                         "upload a photo of it")


def _active(what: str) -> UploadRefused:
    return UploadRefused(f"The {what} must be a PDF without scripts, actions or attached files")
