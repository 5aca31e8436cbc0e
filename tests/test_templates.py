"""House rules for the Jinja templates: they read nothing from the database, and every table is drawn by one macro.

A view (or the queries it calls) reads what a page shows and passes it as lists; a template only lays it out. Each
table goes through `data_table` in core/_table.html (GOV.UK Frontend's table component), so captions, header scopes and
numeric columns are the same on every page.
"""

import re
from pathlib import Path

import pytest
from django.template import engines
from markupsafe import Markup

SRC = Path(__file__).resolve().parents[1] / "src" / "selfdirect"
TABLE_MACRO = SRC / "core" / "jinja2" / "core" / "_table.html"
TEMPLATES = sorted(SRC.glob("*/jinja2/**/*.html"))

_COMMENT = re.compile(r"{#.*?#}", re.DOTALL)
_TABLE = re.compile(r"<table\b", re.IGNORECASE)
# A queryset's (or a related manager's) methods: each is a query run while the page renders.
_QUERYSET_CALL = re.compile(r"\.(all|filter|exclude|count|exists|first|last|latest|earliest|order_by|values|values_list"
                            r"|select_related|prefetch_related|annotate|aggregate|iterator|in_bulk)\(")


def _problems(pattern, text):
    text = _COMMENT.sub("", text)
    return [number for number, line in enumerate(text.splitlines(), start=1) if pattern.search(line)]


def test_there_are_templates_to_check():
    assert TABLE_MACRO in TEMPLATES and len(TEMPLATES) > 50


def test_every_table_is_drawn_by_the_table_macro():
    found = [f"{path.relative_to(SRC)}:{line}" for path in TEMPLATES if path != TABLE_MACRO
             for line in _problems(_TABLE, path.read_text(encoding="utf-8"))]
    assert not found, "Draw tables with data_table from core/_table.html:\n" + "\n".join(found)


def test_no_template_reads_the_database():
    found = [f"{path.relative_to(SRC)}:{line}" for path in TEMPLATES
             for line in _problems(_QUERYSET_CALL, path.read_text(encoding="utf-8"))]
    assert not found, "Read in the view (or its queries) and pass a list:\n" + "\n".join(found)


@pytest.mark.parametrize("line", [
    "{% for g in u.role_grants.all() %}",
    '{% if plan.items.filter(delivery="direct_payment").exists() %}',
    '{% set req = person.assessment_requests.select_related("requested_by").first() %}',
    "{{ person.carers.count() }}",
    '{% for i in items.order_by("position") %}',
    "{{ lines.values() }}",
])
def test_the_check_finds_a_query_in_a_template(line):
    assert _problems(_QUERYSET_CALL, line)


@pytest.mark.parametrize("line", [
    "{% for i in s.plan_items %}",
    '{{ items | selectattr("delivery", "equalto", "direct_payment") | list }}',
    "{{ requests | first }}",
    "{% for name, errors in form.errors.items() %}",
    "{# the old way: plan.items.all() #}",
])
def test_the_check_leaves_plain_template_code_alone(line):
    assert not _problems(_QUERYSET_CALL, line)


def _table(source, **context):
    env = engines["jinja2"].env
    return env.from_string('{% from "core/_table.html" import data_table %}' + source).render(**context)


def test_the_table_macro_draws_govuk_markup():
    html = _table('{{ data_table("Cases by step", ["Step", "Cases"], rows, numeric=[1], first_cell_is_header=true,'
                  ' caption_classes="govuk-visually-hidden", classes="sd-case-counts", scrolls="Cases by step") }}',
                  rows=[("Referral", 3), ("Live <new>", 2)])
    assert '<div class="sd-table-wrap" tabindex="0" role="region" aria-label="Cases by step (scrolls sideways on a small ' \
           'screen)">' in html
    assert '<table class="govuk-table sd-case-counts">' in html
    assert '<caption class="govuk-table__caption govuk-visually-hidden">Cases by step</caption>' in html
    assert ('<th scope="col" class="govuk-table__header">Step</th>'
            '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Cases</th>') in html
    assert re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th><td[^>]*>(\d+)</td>', html) == [
        ("Referral", "3"), ("Live &lt;new&gt;", "2")]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in html


def test_the_table_macro_takes_markup_row_headers_a_footer_and_an_empty_message():
    html = _table('{{ data_table("Costed support", ["Support", "Weekly cost"], rows, numeric=[1], foot=foot) }}',
                  rows=[[Markup('<a class="govuk-link" href="/x">Care</a>'), "£10.00"],
                        [{"text": "Result", "header": True}, {"text": "£1.00", "classes": "govuk-body-s"}]],
                  foot=[[{"text": "Total a week", "header": True}, {"html": "<strong>£11.00</strong>", "format": "numeric"}]])
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Costed support</caption>' in html
    assert '<td class="govuk-table__cell"><a class="govuk-link" href="/x">Care</a></td>' in html
    assert '<th scope="row" class="govuk-table__header">Result</th>' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric govuk-body-s">£1.00</td>' in html
    assert ('<tfoot>\n  <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Total a week</th>'
            '<td class="govuk-table__cell govuk-table__cell--numeric"><strong>£11.00</strong></td></tr>') in html
    assert "sd-table-wrap" not in html

    empty = _table('{{ data_table("Options", ["Team", "Worker", "People"], [], empty="No choices recorded yet.") }}')
    assert '<td class="govuk-table__cell" colspan="3">No choices recorded yet.</td>' in empty
