"""Input of the missions' pages: validation only, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.places import Region
from members.forms import AmountField
from members.models import Member, Trade

from .models import (
    AMOUNT_DECIMALS,
    AMOUNT_DIGITS,
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    MissionData,
    Referral,
)

# Places of France: working remotely is its own box.
PLACES = [choice for choice in Region.choices if choice[0] != Region.REMOTE]
BODY_MAX_LENGTH = 5000


def _amount(label, **kwargs) -> AmountField:
    return AmountField(
        label=label,
        required=False,
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_DECIMALS,
        **kwargs,
    )


class MissionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("E.g. Looking for an EN→FR translator for 40 product sheets."),
    )
    trade = forms.ModelChoiceField(
        label=_("Trade"),
        queryset=Trade.objects.all(),
        empty_label=_("Choose the trade you are looking for"),
        help_text=_("Members of this trade are told about the mission."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The work, the client's field, what you expect. Markdown: **bold**, _italic_, lists "
            "and links."
        ),
    )
    budget_min = _amount(_("Budget from (€ excl. VAT)"))
    budget_max = _amount(_("Budget up to (€ excl. VAT)"), help_text=_("Optional, e.g. 1 200."))
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    remote = forms.BooleanField(
        label=_("Remote: can be done from anywhere"),
        required=False,
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("— Choose a region —")), *PLACES],
        help_text=_("Where the work takes place, unless it is remote."),
    )
    city = forms.CharField(label=_("City"), required=False, max_length=80)

    def mission_data(self) -> MissionData:
        data = self.cleaned_data
        return MissionData(
            trade=data["trade"],
            title=data["title"],
            description=data["description"],
            budget_min=data["budget_min"],
            budget_max=data["budget_max"],
            deadline=data["deadline"],
            remote=data["remote"],
            region=data["region"],
            city=data["city"],
        )

    @staticmethod
    def initial_of(mission) -> dict:
        return {
            field: getattr(mission, field)
            for field in (
                "title", "trade", "description", "budget_min", "budget_max", "deadline",
                "remote", "region", "city",
            )
        }  # fmt: skip


class MissionFilterForm(forms.Form):
    """The board's filters, read from the query string so a search can be shared."""

    trade = forms.ModelChoiceField(
        label=_("Trade"),
        queryset=Trade.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All trades"),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("All regions")), *PLACES],
        help_text=_("Remote missions are listed with every region."),
    )
    remote = forms.BooleanField(label=_("Remote missions only"), required=False)
    mine = forms.BooleanField(label=_("My missions, taken and closed included"), required=False)


class InterestForm(forms.Form):
    body = forms.CharField(
        label=_("Your message to the author"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("It opens a private conversation with them, with a link to the mission."),
    )


class PassForm(forms.Form):
    """Who the author passes the mission to: one of the interested members or any member, by
    their handle."""

    handle = forms.CharField(
        label=_("Member's handle"),
        max_length=31,
        help_text=_("E.g. karim-trad, as in the address of their profile."),
    )

    def clean_handle(self) -> Member:
        handle = self.cleaned_data["handle"].strip().removeprefix("@").lower()
        member = Member.objects.active().filter(username=handle).first()
        if member is None:
            raise forms.ValidationError(_("No member has this handle."))
        return member


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[
            (Referral.Outcome.WON, _("I won the work")),
            (Referral.Outcome.LOST, _("I did not win it")),
        ],
        widget=forms.RadioSelect,
    )
    amount = _amount(
        _("Amount (€ excl. VAT)"),
        help_text=_("Optional: what the work brought in, seen by the member who passed it on."),
    )
