"""The pair's page forms (input only; the rules are in services). Apart from forms.py, which
holds the members' choices for the ritual."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TOPICS_MAX_LENGTH, PairingMember

DATETIME_LOCAL = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
)


class PickForm(forms.Form):
    starts_at = forms.DateTimeField()


class ProposeForm(forms.Form):
    """Up to three other times, in the member's own timezone (the current one)."""

    first = forms.DateTimeField(label=_("First time"), widget=DATETIME_LOCAL)
    second = forms.DateTimeField(label=_("Second time"), widget=DATETIME_LOCAL, required=False)
    third = forms.DateTimeField(label=_("Third time"), widget=DATETIME_LOCAL, required=False)

    def times(self) -> list:
        return [
            value
            for value in (self.cleaned_data.get(name) for name in ("first", "second", "third"))
            if value
        ]


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("A word to the other"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Sorry, something came up this week…")}),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did you meet?"), choices=PairingMember.Outcome.choices, widget=forms.RadioSelect
    )
    thanks = forms.CharField(
        label=_("A thank-you note (optional)"), max_length=TOPICS_MAX_LENGTH, required=False
    )
