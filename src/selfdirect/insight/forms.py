from django import forms

from selfdirect.core.forms import DateField


class PeriodForm(forms.Form):
    start = DateField(label="Reporting period starts", error_messages={"required": "Enter the date the period starts"})
    end = DateField(label="Reporting period ends", error_messages={"required": "Enter the date the period ends"})

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end must be on or after the start")
        return data
