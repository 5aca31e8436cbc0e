"""House rules checked by a test, not by memory."""

import ast
import pathlib

SRC = pathlib.Path(__file__).resolve().parent.parent / "src" / "selfdirect"
DOMAIN_RULE_MODULES = ["core/money.py", "people/checks.py", "people/code_lists.py", "people/authority.py", "journey/steps.py",
                       "charging/contribution.py", "charging/rates.py", "charging/deferred.py", "charging/policy.py",
                       "money/postings.py", "money/invoices.py", "money/remittances.py",
                       "assessment/eligibility.py", "planning/costing.py", "market/cqc.py", "market/oruk_import.py",
                       "market/search.py", "planning/directory.py", "market/easy_read.py", "outcomes/schedule.py",
                       "outcomes/cld_review.py", "outcomes/evaluation.py",
                       "outcomes/helped.py", "insight/outcome_figures.py", "outcomes/audio.py", "core/yaml_lines.py"]


# Every module that answers a request: pages (views.py, saq_views.py, ...) and the API.
VIEW_MODULES = sorted(SRC.rglob("*views.py")) + sorted(SRC.rglob("api.py"))
REQUEST_HANDLER_MARKS = ("@login_required", "@api_view", "@require_POST")


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def _chain(node) -> list[str]:
    """The attributes along a call chain, outermost last: `Person.objects.filter(...).first` gives
    ["objects", "filter", "first"]."""
    names = []
    while isinstance(node, (ast.Call, ast.Attribute)):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        else:
            node = node.func
    return names[::-1]


def test_the_view_convention_covers_every_module_that_answers_a_request():
    handlers = {p for p in SRC.rglob("*.py") if any(mark in p.read_text() for mark in REQUEST_HANDLER_MARKS)}
    assert handlers and handlers <= set(VIEW_MODULES), sorted(str(p) for p in handlers - set(VIEW_MODULES))


def test_views_and_api_never_save_or_fetch_domain_objects_directly():
    for path in VIEW_MODULES:
        tree = ast.parse(path.read_text())
        for call in _calls(tree):
            assert call.func.attr not in {"save", "delete", "bulk_create"}, f"{path}:{call.lineno} writes directly"
            on_manager = isinstance(call.func.value, ast.Attribute) and call.func.value.attr == "objects"
            if on_manager and call.func.attr in {"get", "create", "update", "get_or_create", "update_or_create"}:
                raise AssertionError(f"{path}:{call.lineno} reads or writes without an access helper or action")
            # One record picked out of a queryset (`.filter(...).first()`, `.filter(...).get()`) is a fetch too: it
            # belongs in access.py (scoped, with what the user may do) or queries.py.
            if call.func.attr in {"get", "first", "last"} and "filter" in _chain(call.func.value):
                raise AssertionError(f"{path}:{call.lineno} picks a record out of a queryset: use an access helper")


# Reads of the database belong in queries.py (or access.py, for a scoped fetch), never in a page's module: no model
# manager (`Model.objects`), and no queryset shaped or counted there (`.annotate(`, `.aggregate(`, `.values(...)`,
# `.values_list(`, and `.count()`, `.exists()`, `.none()` with no arguments, which a list, dict or path does not take).
PAGE_MODULES = sorted(SRC.rglob("*views.py"))
QUERYSET_READS = {"annotate", "aggregate", "values_list"}
QUERYSET_READS_WITH_ARGUMENTS = {"values"}  # `.values()` alone is a dict's
QUERYSET_READS_WITHOUT_ARGUMENTS = {"count", "exists", "none"}  # `.count(x)` is a list's


def _database_reads(tree):
    """(line, what) for each read of the database written in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            yield node.lineno, "a model manager (.objects)"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, given = node.func.attr, bool(node.args or node.keywords)
            if (name in QUERYSET_READS or (name in QUERYSET_READS_WITH_ARGUMENTS and given)
                    or (name in QUERYSET_READS_WITHOUT_ARGUMENTS and not given)):
                yield node.lineno, f"a queryset's .{name}()"


def _functions(tree):
    """Each function or method of a module, by name, with its nodes (module-level code as '<module>')."""
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    yield "<module>", ast.Module(body=[n for n in tree.body if not isinstance(n, (*functions, ast.ClassDef))],
                                 type_ignores=[])
    for node in tree.body:
        if isinstance(node, functions):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            yield from ((f"{node.name}.{m.name}", m) for m in node.body if isinstance(m, functions))


def test_pages_read_the_database_only_through_queries_and_access():
    found = {}
    for path in PAGE_MODULES:
        for name, node in _functions(ast.parse(path.read_text())):
            for line, what in _database_reads(node):
                found.setdefault(f"{path.relative_to(SRC)}:{name}", f"line {line}: {what}")
    assert found == {}, "move these reads to queries.py or access.py"


def test_the_page_read_check_finds_what_it_is_for():
    page = ast.parse("""
def report(request):
    names = dict(Code.objects.filter(code_list__name="client_group").values_list("code", "label"))
    rows = queries.items().annotate(n=Count("id")).values("team")
    if queries.exceptions(team).none().count() or queries.waiting(case).exists():
        pass
    return {"shown": {}.values(), "again": [1].count(1), "path": path.exists}
""")
    assert sorted(what for _, what in _database_reads(page)) == sorted([
        "a model manager (.objects)", "a queryset's .values_list()", "a queryset's .values()",
        "a queryset's .annotate()", "a queryset's .count()", "a queryset's .none()", "a queryset's .exists()"])


def _role_literal(node, constants) -> bool:
    """`Role.X`, a set, tuple or list holding one, or a module constant made of them (`FINANCE = {Role...}`)."""
    if isinstance(node, ast.Attribute):
        return isinstance(node.value, ast.Name) and node.value.id == "Role"
    if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
        return any(_role_literal(e, constants) for e in node.elts)
    if isinstance(node, ast.BinOp):
        return _role_literal(node.left, constants) or _role_literal(node.right, constants)
    return isinstance(node, ast.Name) and node.id in constants


def _acting_role(node) -> bool:
    """The role a user is acting in: `user.role`, `actor.role`, `request.user.role`."""
    if not (isinstance(node, ast.Attribute) and node.attr == "role"):
        return False
    owner = node.value
    return (isinstance(owner, ast.Name) and owner.id in {"user", "actor"}) or (
        isinstance(owner, ast.Attribute) and owner.attr == "user")


def test_actions_and_api_ask_the_permissions_module_rather_than_compare_roles():
    """Who may do what is core.permissions' (named rules such as `may_run_payments`); no action or API compares a
    user's role, or anything, against the roles themselves."""
    from selfdirect.core.roles import Role

    role_values = {r.value for r in Role}
    found = []
    for path in sorted(SRC.rglob("actions.py")) + sorted(SRC.rglob("api.py")):
        tree = ast.parse(path.read_text())
        constants = {t.id for node in tree.body if isinstance(node, ast.Assign) and _role_literal(node.value, set())
                     for t in node.targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            operands = [node.left, *node.comparators]
            by_role = any(_acting_role(o) for o in operands) and not all(
                isinstance(o, ast.Attribute) and o.attr == "role" for o in operands)  # one grant's role matched to another
            as_text = any(isinstance(o, ast.Constant) and o.value in role_values for o in ast.walk(node))
            if by_role or as_text or any(_role_literal(o, constants) for o in operands):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []


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
