"""One way to check a PDF on every machine: pypdf parses it (object streams included, which WeasyPrint compresses)."""

import io

from pypdf import PdfReader


def read_tagged_pdf(content: bytes) -> PdfReader:
    """The PDF, after asserting it is a tagged PDF: marked content and a structure tree with elements in it."""
    assert content.startswith(b"%PDF"), "not a PDF"
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert bool(catalog.get("/MarkInfo", {}).get("/Marked")), "the PDF is not marked as tagged (/MarkInfo /Marked)"
    tree = catalog.get("/StructTreeRoot")
    assert tree is not None, "the PDF has no structure tree (/StructTreeRoot)"
    assert tree.get_object().get("/K") is not None, "the PDF's structure tree is empty"
    return reader


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)
