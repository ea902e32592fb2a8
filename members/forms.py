import re
import zoneinfo
from decimal import Decimal

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from django import forms
from django.conf import global_settings
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.places import Region
from moderation.models import Report

from .avatars import avatar_pending_dump, avatar_pending_load, avatar_process
from .models import (
    MAX_SKILLS,
    Availability,
    LegalStatus,
    Member,
    Recommendation,
    Trade,
    skill_names_parse,
)
from .selectors import handle_free

# The languages offered on profiles and in the directory's filter: those our members work in.
SPOKEN_LANGUAGE_CODES = [
    "fr", "en", "es", "de", "it", "pt", "nl", "ar", "zh-hans", "ja", "ru", "pl", "ro", "el",
    "sv", "tr", "he", "uk", "ko", "br", "ca", "eu",
]  # fmt: skip


def spoken_language_choices() -> list[tuple[str, str]]:
    names = dict(global_settings.LANGUAGES)
    return sorted(
        ((code, gettext(names[code])) for code in SPOKEN_LANGUAGE_CODES),
        key=lambda choice: choice[1],
    )


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


# One separator between digits, then one to three digits: "0,12", "450.5", "0,125"...
_ONE_SEPARATOR = re.compile(r"^(\d+)[.,](\d{1,3})$")
_THOUSANDS_AND_DECIMALS = re.compile(r"^(\d{1,3}(?:[.,]\d{3})*)([.,])(\d{1,3})$")


class AmountField(forms.DecimalField):
    """An amount in euros as people type it, whatever the page's language: « 0,12 », "0.12",
    « 1 200 € », "€1,200.50". Spaces and the euro sign are left out; a lone comma or dot is the
    decimal separator, except before exactly three digits after a whole number other than 0
    (« 1.200 », "1,200": thousands). Shown back in the reader's language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str):  # a stored amount, not typed text
            return Decimal(str(value))
        text = _amount_text_normalised(value)
        if text is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return Decimal(text) if text else None

    def prepare_value(self, value):
        # 0.110 reads « 0,11 », 450.00 reads « 450 »: a rate as its member wrote it.
        if isinstance(value, Decimal) and value.is_finite():
            value = (
                value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
            )
        return super().prepare_value(value)


def _amount_text_normalised(text: str) -> str | None:
    """ "1234.56" from what a person typed, "" for nothing, None when it is not an amount."""
    text = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if not text:
        return ""
    if text.isdigit():
        return text
    if match := _ONE_SEPARATOR.match(text):
        whole, part = match.groups()
        if len(part) == 3 and whole.lstrip("0"):
            return whole + part  # thousands: "1,200"
        return f"{whole}.{part}"
    if match := _THOUSANDS_AND_DECIMALS.match(text):
        whole, separator, part = match.groups()
        if separator not in whole:  # "1.200,50" or "1,200.50": the last one is the decimal
            return re.sub(r"[.,]", "", whole) + "." + part
    return None


class AvatarField(forms.FileField):
    """An avatar upload, checked and re-encoded (members.avatars) as it is cleaned.

    Cleans to a ProcessedAvatar for a new picture, None when no file was sent, and False when the
    widget's clear box was ticked. Every form that changes an avatar uses this field, so no path
    stores a file as it was uploaded.
    """

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Avatar"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("JPEG, PNG or WebP, 5 MB at most. It is cropped to a square.")
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value is False:
            return False
        if not value or value is initial:
            return None
        return avatar_process(value)


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up, with the public handle explained and the display name asked at once."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("The name other members see, e.g. Claire Martin."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    # Recorded, with the versions accepted, by legal.signals when the account is made.
    accept_terms = forms.BooleanField(
        error_messages={
            "required": _(
                "To join FreelanceHub, please accept the terms of use and the community charter."
            )
        },
    )

    field_order = ["email", "username", "display_name", "password1", "password2", "accept_terms"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].label = format_html(
            gettext(
                'I accept the <a href="{terms_url}" target="_blank">terms of use</a> and the '
                '<a href="{charter_url}" target="_blank">community charter</a>.'
            ),
            terms_url=reverse("legal:terms"),
            charter_url=reverse("legal:charter"),
        )
        handle = self.fields["username"]
        handle.label = _("Handle")
        handle.help_text = _(
            "Your public name in addresses and @mentions, e.g. claire-redac: "
            "lowercase letters, digits, hyphens and underscores."
        )
        handle.widget.attrs["placeholder"] = "claire-redac"
        for name in ("email", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)

    def full_clean(self):
        super().full_clean()
        # A form sent back for another reason (the box left unticked, a handle too short) keeps
        # the password typed, when it was right: it goes back only to the browser that sent it.
        if self.is_bound and not {"password1", "password2"} & self.errors.keys():
            for name in ("password1", "password2"):
                if name in self.fields:
                    self.fields[name].widget.render_value = True

    def clean_username(self):
        """A handle already taken is not refused here: saying so would tell anyone which
        handles exist, members-only profiles' included. The account gets the nearest free one
        instead (``save``), which the confirmation e-mail names."""
        return get_adapter().clean_username(self.cleaned_data["username"], shallow=True)

    def try_save(self, request):
        if self.account_already_exists:
            # No account is made for a known address (the owner gets an e-mail instead), but
            # the password is hashed all the same: the answer takes as long either way, so that
            # its timing does not tell which addresses have an account.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)

    def save(self, request):
        self.cleaned_data["username"] = handle_free(self.cleaned_data["username"])
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


class ProfileForm(forms.ModelForm):
    """The public profile. Skills arrive as one comma-separated line; the avatar is re-encoded."""

    skills_text = forms.CharField(
        label=_("Skills and topics"),
        required=False,
        max_length=600,
        help_text=_("Separated by commas, e.g. SEO, WordPress, tourisme (15 at most)."),
    )
    spoken_languages = forms.MultipleChoiceField(
        label=_("Languages I work in"),
        required=False,
        choices=spoken_language_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    avatar_upload = AvatarField()
    # A picture chosen before a preview (members.avatars.avatar_pending_dump): the template
    # renders it from ``avatar_pending_token``, which clean() keeps up to date.
    avatar_pending = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    class Meta:
        model = Member
        fields = [
            "display_name",
            "headline",
            "bio",
            "trades",
            "legal_status",
            "years_freelancing",
            "day_rate",
            "word_rate",
            "city",
            "region",
            "availability",
            "open_to_chocoskype",
            "website",
            "linkedin_url",
            "malt_url",
            "portfolio_url",
            "profile_visibility",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "trades": forms.CheckboxSelectMultiple,
            "availability": forms.RadioSelect,
            "profile_visibility": forms.RadioSelect,
            "website": forms.URLInput(attrs={"placeholder": "https://"}),
            "linkedin_url": forms.URLInput(attrs={"placeholder": "https://www.linkedin.com/in/…"}),
            "malt_url": forms.URLInput(attrs={"placeholder": "https://www.malt.fr/profile/…"}),
            "portfolio_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        field_classes = {"day_rate": AmountField, "word_rate": AmountField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trades"].queryset = Trade.objects.all()
        self.fields["legal_status"].choices = [("", _("— Not said —")), *LegalStatus.choices]
        self.fields["availability"].choices = Availability.choices
        self.avatar_pending_token = ""
        if self.instance.pk and not self.is_bound:
            self.initial["skills_text"] = ", ".join(s.name for s in self.instance.skills.all())
            self.initial["spoken_languages"] = [
                language.code for language in self.instance.spoken_languages.all()
            ]

    def clean_skills_text(self) -> list[str]:
        names = skill_names_parse(self.cleaned_data["skills_text"])
        if len(names) > MAX_SKILLS:
            raise forms.ValidationError(_("Keep to %(max)s skills at most.") % {"max": MAX_SKILLS})
        return names

    def clean(self):
        """A new file wins; else the picture chosen before a preview comes back from its token."""
        cleaned_data = super().clean()
        token = cleaned_data.get("avatar_pending", "")
        self.avatar_pending_token = token
        if "avatar_upload" not in cleaned_data:  # a refused file: its error is shown, keep the last
            return cleaned_data
        avatar = cleaned_data["avatar_upload"]
        if avatar:
            self.avatar_pending_token = avatar_pending_dump(avatar, member_id=self.instance.pk)
        elif token and not cleaned_data.get("remove_avatar"):
            avatar = avatar_pending_load(token, member_id=self.instance.pk)
            if avatar is None:
                self.avatar_pending_token = ""
                self.add_error(
                    "avatar_upload",
                    _("The picture you chose has expired before it was saved: choose it again."),
                )
            else:
                cleaned_data["avatar_upload"] = avatar
        else:
            self.avatar_pending_token = ""
        return cleaned_data


class MemberAdminForm(UserChangeForm):
    """The admin's member form: the avatar goes through the same field as on the profile page;
    MemberAdmin.save_model stores it."""

    avatar_upload = AvatarField()

    class Meta(UserChangeForm.Meta):
        model = Member

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The current picture, linked by the widget, with its clear box.
        self.initial.setdefault("avatar_upload", self.instance.avatar)


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters, read from the query string so a search can be shared."""

    SORT_ACTIVE = "active"
    SORT_NEWEST = "newest"

    q = forms.CharField(label=_("Name or skill"), required=False, max_length=80)
    trade = forms.ModelChoiceField(
        label=_("Trade"),
        queryset=Trade.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All trades"),
    )
    status = forms.ChoiceField(label=_("Legal status"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    availability = forms.ChoiceField(label=_("Availability"), required=False)
    day_rate_max = AmountField(
        label=_("Day rate up to (€)"),
        required=False,
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("Members who show an indicative day rate on their profile."),
    )
    chocoskype = forms.BooleanField(label=_("Open to a ChocoSkype"), required=False)
    ritual = forms.BooleanField(label=_("Takes part in the ChocoSkype ritual"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(SORT_ACTIVE, _("Recently active")), (SORT_NEWEST, _("Newest members"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *LegalStatus.choices]
        self.fields["region"].choices = [("", _("All regions")), *Region.choices]
        self.fields["language"].choices = [("", _("All languages")), *spoken_language_choices()]
        self.fields["availability"].choices = [("", _("Any availability")), *Availability.choices]


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["trade", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5, "maxlength": 1000})}
        help_texts = {
            "text": _("What you worked on together and why you recommend them (1,000 characters)."),
        }

    def __init__(self, *args, recipient=None, **kwargs):
        super().__init__(*args, **kwargs)
        trades = Trade.objects.all()
        if recipient is not None and recipient.pk:
            recipient_trades = recipient.trades.all()
            if recipient_trades:
                trades = recipient_trades
        self.fields["trade"].queryset = trades
        self.fields["trade"].empty_label = _("— Any trade —")


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything the moderators should know?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
