"""Forms built from a questionnaire definition: one page per domain."""

from django import forms


def domain_form(domain, *, easy_read=False, data=None, initial=None):
    class DomainForm(forms.Form):
        pass

    form = DomainForm(data=data, initial=initial)
    for question in domain.questions:
        form.fields[question.id] = forms.ChoiceField(
            label=question.easy_read if easy_read else question.text,
            help_text=question.help or None,
            choices=[(o.id, o.easy_read if easy_read else o.text) for o in question.options],
            widget=forms.RadioSelect,
            error_messages={"required": f"Answer: {question.easy_read if easy_read else question.text}"},
        )
    return form
