"""The binôme's forms (input only; the rules are in chocoskype.binomes)."""

from django import forms
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import GOAL_MAX_LENGTH, TOPICS_MAX_LENGTH, WEEKDAYS, Cadence
from .pair_forms import DATETIME_LOCAL


class BinomeProposalForm(forms.Form):
    cadence = forms.ChoiceField(
        label=_("How often"), choices=Cadence.choices, widget=forms.RadioSelect
    )
    weekday = forms.TypedChoiceField(
        label=_("Usual day"),
        coerce=int,
        choices=[(day, capfirst(WEEKDAY_NAMES[day])) for day in WEEKDAYS],
    )
    local_time = forms.TimeField(
        label=_("Usual time (your timezone)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    message = forms.CharField(
        label=_("A word for them (optional)"),
        required=False,
        max_length=TOPICS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TOPICS_MAX_LENGTH}),
    )


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("My goal for next time"),
        max_length=GOAL_MAX_LENGTH,
        widget=forms.TextInput(attrs={"maxlength": GOAL_MAX_LENGTH}),
    )


class MoveForm(forms.Form):
    """A new start, in the member's own timezone (the current one)."""

    starts_at = forms.DateTimeField(label=_("New date and time"), widget=DATETIME_LOCAL)


class EndForm(forms.Form):
    note = forms.CharField(label=_("A word to the other"), max_length=255, required=False)
