"""House rules checked by a test, not by memory."""

import ast
import pathlib

SRC = pathlib.Path(__file__).resolve().parent.parent / "src" / "selfdirect"
DOMAIN_RULE_MODULES = ["core/money.py", "people/checks.py", "people/code_lists.py", "journey/steps.py",
                       "charging/contribution.py", "charging/rates.py",
                       "assessment/eligibility.py", "planning/costing.py"]


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def test_views_and_api_never_save_or_fetch_domain_objects_directly():
    for path in list(SRC.glob("*/*views.py")) + list(SRC.glob("*/api.py")):
        tree = ast.parse(path.read_text())
        for call in _calls(tree):
            assert call.func.attr not in {"save", "delete", "bulk_create"}, f"{path}:{call.lineno} writes directly"
            on_manager = isinstance(call.func.value, ast.Attribute) and call.func.value.attr == "objects"
            if on_manager and call.func.attr in {"get", "create", "update", "get_or_create", "update_or_create"}:
                raise AssertionError(f"{path}:{call.lineno} reads or writes without an access helper or action")


def test_the_rules_modules_import_no_django():
    for relative in DOMAIN_RULE_MODULES:
        tree = ast.parse((SRC / relative).read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in {"django", "rest_framework"} for n in names), relative


def test_nothing_assigns_a_case_state_except_the_state_machine():
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    assert not (isinstance(target, ast.Attribute) and target.attr == "state"), f"{path}:{node.lineno}"


def test_every_form_speaks_govuk():
    """Every form the product shows mixes in core.forms.GovukForm, so no Django wording reaches a person."""
    import importlib

    from django import forms

    from selfdirect.core.forms import GovukForm

    plain = []
    for path in sorted(SRC.glob("*/*forms.py")):
        module = importlib.import_module(".".join(("selfdirect", path.parent.name, path.stem)))
        for name, value in vars(module).items():
            is_form = isinstance(value, type) and issubclass(value, forms.BaseForm)
            if is_form and value.__module__ == module.__name__ and not issubclass(value, GovukForm):
                plain.append(f"{module.__name__}.{name}")
    assert plain == []
