"""The Jinja2 environment: GOV.UK Frontend macros, the layout's helpers and money formatting."""

import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.forms import BaseForm
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader
from markupsafe import Markup

from selfdirect.core.forms import component_for
from selfdirect.core.money import Money
from selfdirect.core.words import counted, quantity_of
from selfdirect.journey.steps import STATE_LABELS

from .navigation import navigation_for


def money(pence, **options) -> str:
    """Whole pence, or a figure in fractions of a penny (to the nearest penny), as Money.format shows it; options as
    Money.format takes them, e.g. money(symbol=False, grouping=False) for the plain 1234.56 of a link."""
    if pence is None:
        return "not set"
    return Money.nearest(pence).format(**options)


def long_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value)
        return f"{value.day} {value:%B %Y} at {value:%H:%M}"
    return f"{value.day} {value:%B %Y}"


def url(name, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


class FieldRenderer:
    """Renders a Django bound field with the GOV.UK macro its widget or field names (see core.forms.component_for)."""

    MACROS = {
        "input": ("input", "govukInput"),
        "password": ("input", "govukInput"),
        "textarea": ("textarea", "govukTextarea"),
        "select": ("select", "govukSelect"),
        "radios": ("radios", "govukRadios"),
        "checkboxes": ("checkboxes", "govukCheckboxes"),
        "checkbox": ("checkboxes", "govukCheckboxes"),
        "date-input": ("date-input", "govukDateInput"),
        "file-upload": ("file-upload", "govukFileUpload"),
    }

    def __init__(self, env):
        self.env = env

    def macro(self, component):
        folder, name = self.MACROS[component]
        return getattr(self.env.get_template(f"govuk_frontend_jinja/components/{folder}/macro.html").module, name)

    def __call__(self, bound_field, **overrides):
        component = component_for(bound_field)
        params = getattr(self, "params_" + component.replace("-", "_"))(bound_field)
        field = bound_field.field
        if field.help_text:
            params["hint"] = {"text": str(field.help_text)}
        if bound_field.errors:
            params["errorMessage"] = {"text": " ".join(str(e) for e in bound_field.errors)}
        for key, value in overrides.items():
            params[key] = value
        return Markup(self.macro(component)(params))

    @staticmethod
    def _label(bound_field):
        return {"text": str(bound_field.label), "classes": "govuk-label--s"}

    @staticmethod
    def _value(bound_field):
        value = bound_field.value()
        return "" if value is None else str(value)

    def params_input(self, bf):
        attrs = dict(bf.field.widget.attrs)
        params = {
            "id": bf.id_for_label,
            "name": bf.html_name,
            "label": self._label(bf),
            "value": self._value(bf),
            "type": getattr(bf.field.widget, "input_type", "text"),
            "classes": attrs.pop("class", ""),
            "autocomplete": attrs.pop("autocomplete", None),
            "inputmode": attrs.pop("inputmode", None),
            "spellcheck": False if attrs.pop("spellcheck", None) == "false" else None,
        }
        prefix = getattr(bf.field, "govuk_prefix", None)
        if prefix:
            params["prefix"] = {"text": prefix}
            params["classes"] = (params["classes"] + " govuk-input--width-10").strip()
        return params

    def params_password(self, bf):
        params = self.params_input(bf)
        params["type"] = "password"
        params["value"] = ""
        params["autocomplete"] = params.get("autocomplete") or "current-password"
        return params

    def params_file_upload(self, bf):
        return {"id": bf.id_for_label, "name": bf.html_name, "label": self._label(bf)}

    def params_textarea(self, bf):
        return {"id": bf.id_for_label, "name": bf.html_name, "label": self._label(bf), "value": self._value(bf)}

    def _items(self, bf, selected):
        items = []
        hints = getattr(bf.field, "choice_hints", {})  # a line under a radio or checkbox: {value: words}
        for value, text in bf.field.choices:
            if value in ("", None):
                continue
            item = {"value": str(value), "text": str(text), "checked": str(value) in selected}
            if value in hints:
                item["hint"] = {"text": str(hints[value])}
            items.append(item)
        return items

    def params_select(self, bf):
        current = self._value(bf)
        items = [{"value": "", "text": "Choose one", "selected": current == ""}]
        items += [
            {"value": str(v), "text": str(t), "selected": str(v) == current}
            for v, t in bf.field.choices
            if v not in ("", None)
        ]
        return {"id": bf.id_for_label, "name": bf.html_name, "label": self._label(bf), "items": items}

    def _fieldset(self, bf):
        return {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}}

    def params_radios(self, bf):
        current = self._value(bf)
        return {
            "idPrefix": bf.auto_id,
            "name": bf.html_name,
            "fieldset": self._fieldset(bf),
            "items": self._items(bf, {current}),
        }

    def params_checkboxes(self, bf):
        selected = {str(v) for v in (bf.value() or [])}
        return {
            "idPrefix": bf.auto_id,
            "name": bf.html_name,
            "fieldset": self._fieldset(bf),
            "items": self._items(bf, selected),
        }

    def params_checkbox(self, bf):
        return {
            "idPrefix": bf.auto_id,
            "name": bf.html_name,
            "items": [{"value": "on", "text": str(bf.label), "checked": bool(bf.value())}],
        }

    def params_date_input(self, bf):
        values = bf.field.widget.decompress(bf.value()) if not isinstance(bf.value(), list) else bf.value()
        values = (list(values or []) + [None, None, None])[:3]
        parts = [("Day", "2"), ("Month", "2"), ("Year", "4")]
        autocomplete = bf.field.widget.attrs.get("autocomplete_prefix")
        items = []
        for index, ((label, width), value) in enumerate(zip(parts, values, strict=True)):
            item = {
                "id": f"{bf.auto_id}_{index}",
                "name": f"{bf.html_name}_{index}",
                "label": label,
                "value": value or "",
                "classes": f"govuk-input--width-{width}" + (" govuk-input--error" if bf.errors else ""),
            }
            if autocomplete:
                item["autocomplete"] = f"{autocomplete}-{label.lower()}"
            items.append(item)
        return {"id": bf.auto_id, "fieldset": self._fieldset(bf), "items": items}


def error_summary_items(*forms_):
    """Every error on the page, each linking to its field, for the layout's error summary."""
    items = []
    for form in forms_:
        if not isinstance(form, BaseForm) or not form.errors:
            continue
        for name, errors in form.errors.items():
            if name == "__all__":
                items += [{"text": str(e)} for e in errors]
                continue
            bf = form[name]
            target = bf.auto_id
            if component_for(bf) == "date-input":
                target = f"{bf.auto_id}_0"
            elif component_for(bf) in {"radios", "checkboxes", "checkbox"}:
                target = bf.auto_id
            items += [{"text": str(e), "href": f"#{target}"} for e in errors]
    return items



def environment(**options):
    options["loader"] = ChoiceLoader(
        [options["loader"], PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    options.setdefault("extensions", [])
    env = Environment(**options)
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "settings": settings,
            "navigation": navigation_for,
            "state_label": lambda state: STATE_LABELS.get(state or "", "No case"),
            "field": FieldRenderer(env),
            "error_summary_items": error_summary_items,
            "counted": counted,
            "quantity_of": quantity_of,
        }
    )
    env.filters.update({"money": money, "long_date": long_date})
    return env
