"""Form pieces shared by every app: GOV.UK date input, pounds-and-pence input, and the bridge that renders a Django
bound field with the GOV.UK Frontend macro its widget names."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from .money import Money, parse_pounds
from .words import in_sentence


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
            return Money(value).pounds_text()
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


# Django's own wording, which GOV.UK style replaces: the message names the field and says what to do
# (https://design-system.service.gov.uk/components/error-message/ — "Be clear and concise", length limits as
# "[whatever it is] must be [number] characters or less").
CHOICE_FIELDS = (forms.ChoiceField, forms.MultipleChoiceField, forms.ModelChoiceField, forms.BooleanField)


def govuk_messages(field: forms.Field, name: str) -> dict[str, str]:
    """GOV.UK error messages for one form field, from its label and limits; a form's own messages win."""
    label = str(field.label or name.replace("_", " ").capitalize()).rstrip(":")
    question = label.endswith("?")
    messages = {}
    if question:
        messages["required"] = (f"Select an answer to ‘{label}’" if isinstance(field, CHOICE_FIELDS)
                                else f"Enter an answer to ‘{label}’")
    else:
        messages["required"] = f"Select {in_sentence(label)}" if isinstance(field, CHOICE_FIELDS) else f"Enter {in_sentence(label)}"
    # a question ("What is it?") cannot start a sentence about itself: the field's name can ("Description must be …")
    subject = name.replace("_", " ").strip().capitalize() if question else label
    if getattr(field, "max_length", None) is not None:
        messages["max_length"] = f"{subject} must be {field.max_length} characters or less"
    if getattr(field, "min_length", None) is not None:
        messages["min_length"] = f"{subject} must be {field.min_length} characters or more"
    if getattr(field, "max_value", None) is not None:
        messages["max_value"] = f"{subject} must be {field.max_value} or less"
    if getattr(field, "min_value", None) is not None:
        messages["min_value"] = f"{subject} must be {field.min_value} or more"
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{subject} must be a whole number"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"{subject} must be a number"
    if isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    if isinstance(field, forms.ChoiceField | forms.MultipleChoiceField):
        listed = f"Select {in_sentence(label)}" if not question else f"Select an answer to ‘{label}’"
        messages["invalid_choice"] = listed + " from the list"
    if isinstance(field, forms.FileField):
        messages["required"] = f"Select {in_sentence(label)}"
        messages.pop("max_length", None)  # the limit is on the file's name, which the person did not type
        messages["empty"] = "The selected file is empty"
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    declared = {code for code, text in field.error_messages.items()
                if code not in defaults or str(text) != str(defaults[code])}
    return {code: text for code, text in messages.items() if code not in declared}


class GovukForm:
    """Mixed into every form (tests/test_conventions.py checks): Django's generic messages ("This field is
    required.", "Ensure this value has at most 100 characters (it has 5000).") become GOV.UK ones that name the
    field. Messages a form sets itself are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages.update(govuk_messages(field, name))


class Form(GovukForm, forms.Form):
    pass


class ModelForm(GovukForm, forms.ModelForm):
    pass
