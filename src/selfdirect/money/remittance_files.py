"""A remittance advice as the files a payee is sent: a tagged PDF (core.pdfs) and a CSV (money.remittances), for the
pages and `selfdirect money remittances` alike."""

from django.template.loader import render_to_string

from selfdirect.core.pdfs import tagged_pdf

from .remittances import Remittance, remittance_csv


def file_name(run, remittance: Remittance, extension: str) -> str:
    return f"{run.reference}-{remittance.file_stem}.{extension}"


def pdf(run, remittance: Remittance) -> bytes:
    return tagged_pdf(render_to_string("money/remittance_pdf.html", {"run": run, "r": remittance}))


def csv_text(run, remittances: list[Remittance]) -> str:
    return remittance_csv(run.reference, remittances)
