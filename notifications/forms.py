from django import forms

from .models import Channel, Kind


class PreferencesForm(forms.Form):
    """One choice of e-mail channel per kind of notification."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=current[kind.value],
                widget=forms.Select(attrs={"class": "form-select"}),
            )
