from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WarningForm(forms.Form):
    """The message a moderator sends to the authors of reported content."""

    message = forms.CharField(
        label=_("Message to the authors"), widget=forms.Textarea(attrs={"rows": 5})
    )


class SuspensionForm(forms.Form):
    """The moderator's reason and optional end date for suspending members from the admin."""

    reason = forms.CharField(
        label=_("Reason, shown to the member"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    until = forms.DateTimeField(
        label=_("Until"),
        required=False,
        help_text=_("Leave empty to suspend without an end date."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until and until <= timezone.now():
            raise forms.ValidationError(_("The end of the suspension must be in the future."))
        return until


class HideForm(forms.Form):
    """The reason a moderator gives for hiding reported content: the author reads it."""

    reason = forms.CharField(
        label=_("Reason, shown to the author"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Prefilled from what the reports said; write it as the author should read it."),
    )
