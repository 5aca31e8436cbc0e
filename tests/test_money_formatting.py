"""Money is formatted only by the Money type (src/selfdirect/core/money.py).

Outside core/money.py no source file puts "£" before a value it formats itself, formats pounds to two places, or turns
pence into pounds by 100 (for a page, a message, a file or a chart): it asks Money for Money.format, Money.pounds_text
(a form field, a CSV file) or Money.pounds (a chart's number), and a template uses the `money` filter. Python files are
read as syntax trees, so a "£" in a sentence ("more than £0"), an axis title ("weekly cost (£)") or a share worked out
in per cent is not mistaken for formatting money.
"""

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
MONEY = "selfdirect/core/money.py"

# path (relative to src) -> why that file may format money itself. Empty: every file asks Money.
ALLOWED: dict[str, str] = {}

_GROUPED_TWO_PLACES = re.compile(r"^[,_]\.2f$")  # '{x:,.2f}': only pounds and pence are written so
_TWO_PLACES = re.compile(r"^\.2f$")  # '{x:.2f}': pounds when x names pence
_FORMAT_TEXT = re.compile(r"%[,_]?\.2f|\{[^{}]*:[,_]?\.2f\}|£\{|£%")  # "%.2f" % x, "{:,.2f}".format(x), "£{}", "£%s"


def _is_text(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _mentions_pence(node: ast.AST) -> bool:
    for found in ast.walk(node):
        if isinstance(found, ast.Name):
            name = found.id
        elif isinstance(found, ast.Attribute):
            name = found.attr
        elif _is_text(found):
            name = found.value
        elif isinstance(found, ast.keyword) and found.arg:
            name = found.arg
        else:
            continue
        if "pence" in name.lower():
            return True
    return False


def _by_a_hundred(node: ast.AST) -> bool:
    return (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.FloorDiv | ast.Mod)
            and isinstance(node.right, ast.Constant) and node.right.value == 100)


def _spec(node: ast.FormattedValue) -> str:
    spec = node.format_spec
    return "".join(part.value for part in spec.values if _is_text(part)) if isinstance(spec, ast.JoinedStr) else ""


def python_problems(text: str) -> list[tuple[int, str]]:
    """(line, what) for each place the code formats money itself."""
    tree = ast.parse(text)
    in_fstring_values: set[int] = set()  # nodes inside an f-string's {...}
    fstring_pieces: set[int] = set()  # the literal pieces of f-strings and their format specs
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue):
            in_fstring_values.update(id(inner) for inner in ast.walk(node.value))
        if isinstance(node, ast.JoinedStr):
            fstring_pieces.update(id(part) for part in node.values if _is_text(part))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for before, after in zip(node.values, node.values[1:], strict=False):
                if _is_text(before) and before.value.endswith("£") and isinstance(after, ast.FormattedValue):
                    problems.append((node.lineno, 'an f-string writes "£{...}": use Money(...).format()'))
        elif isinstance(node, ast.FormattedValue):
            spec = _spec(node)
            if _GROUPED_TWO_PLACES.match(spec) or (_TWO_PLACES.match(spec) and _mentions_pence(node.value)):
                problems.append((node.lineno, f"pounds formatted with '{spec}': use Money(...).format() or .pounds_text()"))
        elif _by_a_hundred(node) and (_mentions_pence(node.left) or id(node) in in_fstring_values):
            problems.append((node.lineno, "pence turned into pounds by 100: use Money(...).format(), .pounds_text() or "
                                          ".pounds() for a chart"))
        elif _is_text(node) and id(node) not in fstring_pieces and _FORMAT_TEXT.search(node.value):
            problems.append((node.lineno, "a format string for pounds: use Money(...).format()"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            if any(_is_text(side) and side.value.endswith("£") for side in (node.left, node.right)):
                problems.append((node.lineno, '"£" joined to a value: use Money(...).format()'))
    return problems


_TEMPLATE_RULES = [
    (re.compile(r"£[\"']\s*~|~\s*[\"']£"), '"£" joined to a value: use the money filter'),
    (re.compile(r"£\s*\{\{"), '"£" written before a value: use the money filter'),
    (re.compile(r"(//|/|%)\s*100\b"), "pence turned into pounds by 100: use the money filter "
                                     "(money(symbol=False, grouping=False) gives 1234.56)"),
    (re.compile(r"[\"']%[,_]?\.2f[\"']\s*\|\s*format\([^)\n]*pence"), "pence formatted to two places: use the money filter"),
]


def template_problems(text: str) -> list[tuple[int, str]]:
    """(line, what) for each place a Jinja template formats money itself."""
    return [(number, what) for number, line in enumerate(text.splitlines(), start=1)
            for pattern, what in _TEMPLATE_RULES if pattern.search(line)]


def _source_files():
    for path in sorted(SRC.rglob("*")):
        relative = path.relative_to(SRC).as_posix()
        if relative == MONEY or "/static/" in relative or not path.is_file():
            continue
        if path.suffix in {".py", ".html", ".txt", ".xml", ".svg"}:
            yield relative, path


def test_money_is_formatted_only_by_the_money_type():
    found = []
    for relative, path in _source_files():
        text = path.read_text(encoding="utf-8")
        problems = python_problems(text) if path.suffix == ".py" else template_problems(text)
        if problems and relative not in ALLOWED:
            found += [f"src/{relative}:{line}: {what}" for line, what in problems]
    assert not found, "Format money with Money (core/money.py):\n" + "\n".join(found)


def test_every_file_allowed_to_format_money_still_needs_it_and_says_why():
    for relative, reason in ALLOWED.items():
        path = SRC / relative
        assert reason.strip(), relative
        text = path.read_text(encoding="utf-8")
        assert (python_problems(text) if path.suffix == ".py" else template_problems(text)), f"{relative} no longer needs its place"


@pytest.mark.parametrize("code", [
    'f"£{pence / 100:,.2f}"',
    'f"{amount_pence / 100:.2f} a point"',
    'f"{total:,.2f}"',
    'f"{line.amount_pence // 100}.{line.amount_pence % 100:02d}"',
    'f"{value // 100}.{value % 100:02d}"',
    '[r.weekly_cost_pence / 100 for r in rows]',
    'int(d.get("unit_cost_pence", 0)) / 100',
    '"£%.2f" % pounds',
    '"£{:,}".format(pounds)',
    '"%.2f" % (amount / 100)',
    '"£" + text',
    'f"£{Money(p).pounds_text()}"',
])
def test_the_check_finds_money_formatted_by_hand_in_python(code):
    assert python_problems(code)


@pytest.mark.parametrize("code", [
    '"The amount must be more than £0"',
    '"£1 a week for every £250, or part of £250, above the lower capital limit (reg 25)"',
    'govuk_prefix = "£"',
    'pd.DataFrame({"weekly cost (£)": [Money(p).pounds() for p in pence]})',
    'f"{per_mille(part, whole) / 10:.1f}%"',
    'f"{share * 100:.0f}%"',
    'f"{ratio:.3f} p={p_value:.4f}"',
    'f"{Money(pence).format()} a week"',
    'round(weekly / rng.uniform(0.72, 1.0) / 100) * 100',
    'cleaned = text.replace("£", "")',
    're.compile(r"^(?P<sign>[-+])?£?(?P<pounds>\\d+)$")',
])
def test_the_check_leaves_sentences_titles_and_other_figures_alone(code):
    assert not python_problems(code)


@pytest.mark.parametrize("line", [
    '{"text": "£" ~ ("%.2f" | format(result.intercept_pence / 100))}',
    '<p>£{{ amount }}</p>',
    '{{ result.price_per_point_pence // 100 }}.{{ "%02d" | format(result.price_per_point_pence % 100) }}',
    '{{ "%.2f" | format(item.weekly_pence) }}',
])
def test_the_check_finds_money_formatted_by_hand_in_a_template(line):
    assert template_problems(line)


@pytest.mark.parametrize("line", [
    '{{ x.weekly_pence | money }} a week',
    '{{ result.price_per_point_pence | money(symbol=False, grouping=False) }}',
    '{{ "%.3f" | format(g.ratio) }} to {{ "%.4f" | format(g.p_value) }}',
    '<th>Weekly cost (£)</th>',
])
def test_the_check_leaves_templates_using_the_money_filter_alone(line):
    assert not template_problems(line)
