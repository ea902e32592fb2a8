import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Member


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form lacks; allauth calls ``signup()`` once the member exists."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("The name other members see, e.g. Claire Martin."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class PreferencesForm(forms.ModelForm):
    timezone = forms.TypedChoiceField(label=_("Timezone"), choices=timezone_choices)

    class Meta:
        model = Member
        fields = ["display_name", "language", "timezone"]
        help_texts = {
            "timezone": _("Every date on the site is shown in this timezone."),
        }


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and cannot be restored."),
        required=True,
    )
