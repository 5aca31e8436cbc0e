"""PDF files the house hands over: HTML made into a tagged PDF by WeasyPrint, as the support plan, the charging letter and
the indicative budget are (PDF/UA-1, with a structure tree, so a screen reader reads it in order: tests/pdfs.py checks)."""

from django.http import HttpResponse


def tagged_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The page as a tagged PDF (PDF/UA-1). The page gives its language (<html lang>) and title, as a PDF/UA file needs."""
    from weasyprint import HTML  # WeasyPrint takes a second to load: only when a PDF is made

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def pdf_download(pdf: bytes, filename: str) -> HttpResponse:
    """The PDF as an attachment."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
