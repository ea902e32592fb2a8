import zoneinfo

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Member


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, with the public handle explained and the display name asked at once."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("The name other members see, e.g. Claire Martin."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["email", "username", "display_name", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        handle = self.fields["username"]
        handle.label = _("Handle")
        handle.help_text = _(
            "Your public name in addresses and @mentions, e.g. claire-redac: "
            "lowercase letters, digits, hyphens and underscores."
        )
        handle.widget.attrs["placeholder"] = "claire-redac"
        for name in ("email", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)

    def save(self, request):
        member = super().save(request)
        member.display_name = self.cleaned_data["display_name"].strip()
        member.save(update_fields=["display_name"])
        return member


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
