from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from members.forms import spoken_language_choices

from .models import (
    SLOT_CODES,
    TOPICS_MAX_LENGTH,
    WEEKDAYS,
    Cadence,
    DayPart,
    Mode,
    TradePreference,
    slot_code,
)
from .participants import PAUSE_MAX_DAYS


class ParticipantForm(forms.Form):
    """A member's choices for the ritual. The times are drawn as a weekday × part-of-day grid by
    the template (``slot_rows``), each box its own labelled checkbox."""

    cadence = forms.ChoiceField(
        label=_("How often"), choices=Cadence.choices, widget=forms.RadioSelect
    )
    # Someone new each round unless the member asks for a standing partner.
    mode = forms.ChoiceField(
        label=_("Whom"), choices=Mode.choices, widget=forms.RadioSelect, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can chat in"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language you can chat in.")},
    )
    slots = forms.MultipleChoiceField(
        label=_("Times that suit you"),
        choices=[(code, code) for code in sorted(SLOT_CODES)],
        error_messages={"required": _("Tick at least one time that suits you.")},
    )
    trade_preference = forms.ChoiceField(
        label=_("Whom would you like to meet?"),
        choices=TradePreference.choices,
        widget=forms.RadioSelect,
    )
    topics = forms.CharField(
        label=_("What I’d like to talk about"),
        required=False,
        max_length=TOPICS_MAX_LENGTH,
        help_text=_("Optional, one line: your partner reads it before you meet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = spoken_language_choices()

    def clean_mode(self) -> str:
        return self.cleaned_data.get("mode") or Mode.ROTATION

    def slot_rows(self) -> list[dict]:
        """The grid: one row per weekday, one cell per part of the day, ticked as typed."""
        if self.is_bound:
            ticked = set(self.data.getlist(self.add_prefix("slots")))
        else:
            ticked = set(self.initial.get("slots") or [])
        # Django's own names (« lundi »): a name of ours for "Monday" would also change how every
        # date is written.
        days = [capfirst(WEEKDAY_NAMES[weekday]) for weekday in WEEKDAYS]
        return [
            {
                "day": days[weekday],
                "cells": [
                    {
                        "code": slot_code(weekday, part),
                        "part": label,
                        "checked": slot_code(weekday, part) in ticked,
                    }
                    for part, label in DayPart.choices
                ],
            }
            for weekday in WEEKDAYS
        ]


class PauseForm(forms.Form):
    until = forms.DateField(
        label=_("Pause until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Choose the date your pause ends.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        widget = self.fields["until"].widget
        widget.attrs["min"] = (today + timedelta(days=1)).isoformat()
        widget.attrs["max"] = (today + timedelta(days=PAUSE_MAX_DAYS)).isoformat()


class InvitationForm(forms.Form):
    message = forms.CharField(
        label=_("A word for them (optional)"),
        required=False,
        max_length=TOPICS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": TOPICS_MAX_LENGTH}),
    )


class ExclusionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        max_length=255,
        help_text=_("Kept in the moderation log; the member is not told by this action."),
    )
