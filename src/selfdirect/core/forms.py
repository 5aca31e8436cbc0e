"""Form pieces shared by every app: GOV.UK date input, pounds-and-pence input, and the bridge that renders a Django
bound field with the GOV.UK Frontend macro its widget names."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from .money import parse_pounds


class DatePartsWidget(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input pattern asks."""

    govuk_component = "date-input"

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DateField(forms.MultiValueField):
    widget = DatePartsWidget

    def __init__(self, *, past_only=False, future_only=False, **kwargs):
        self.past_only = past_only
        self.future_only = future_only
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (data_list + [None, None, None])[:3]
        label = self.label or "Date"
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{label} must include a {' and '.join(missing)}")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except (TypeError, ValueError):
            raise ValidationError(f"{label} must be a real date") from None
        if int(year) < 1900:
            raise ValidationError(f"{label} must be after 1900")
        today = datetime.date.today()
        if self.past_only and value > today:
            raise ValidationError(f"{label} must be today or in the past")
        if self.future_only and value < today:
            raise ValidationError(f"{label} must be today or in the future")
        return value


class PenceField(forms.CharField):
    """A sum typed in pounds and pence, cleaned to whole pence (an int). Never negative unless allowed."""

    govuk_prefix = "£"

    def __init__(self, *, allow_negative=False, **kwargs):
        self.allow_negative = allow_negative
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            sign = "-" if value < 0 else ""
            return f"{sign}{abs(value) // 100}.{abs(value) % 100:02d}"
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            pence = parse_pounds(value)
        except ValueError:
            raise ValidationError(f"{self.label or 'Amount'} must be an amount in pounds and pence, like 125.50") from None
        if pence < 0 and not self.allow_negative:
            raise ValidationError(f"{self.label or 'Amount'} must not be negative")
        return pence


def component_for(bound_field) -> str:
    """The GOV.UK component that renders a field: the form field may name one (`govuk_component`), else the widget."""
    field = bound_field.field
    explicit = getattr(field, "govuk_component", None) or getattr(field.widget, "govuk_component", None)
    if explicit:
        return explicit
    widget = field.widget
    if isinstance(widget, forms.FileInput):
        return "file-upload"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a subclass of RadioSelect, so asked first
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"
