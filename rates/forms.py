"""Input validation for the observatory's pages; rates.services decides what is allowed."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.places import Region
from members.models import LegalStatus

from . import rules
from .models import ClientSource, ClientType, ExperienceBand, Unit

MAX_AMOUNT = Decimal("1000000")
MAX_TYPED = 20  # characters of a typed amount: « 1 000 000,00 € » and room to spare
# Spaces a number may be grouped with, as typed or pasted: ordinary, no-break, narrow no-break,
# thin; and the Swiss apostrophe.
GROUPING_CHARACTERS = re.compile(r"[\s\u00a0\u202f\u2009'’]")
AMOUNT_TEXT = re.compile(r"^\d*(?:[.,]\d+)*$")


def amount_parse(text: str) -> Decimal:
    """The amount a member typed, as French or English write it: « 0,12 », « 1 200 »,
    « 1 200,50 », « 1.200,50 », "1,200.50", "12.5", with or without « € ».

    A separator followed by exactly three digits after a non-zero whole part groups thousands
    (« 1.200 », "1,200" are 1 200): amounts in thousands are common, while a third decimal is
    said only below one euro (a rate per word, « 0,045 »). Any other separator is the decimal
    one. Raises ValueError when the text is no amount."""
    text = GROUPING_CHARACTERS.sub("", text.replace("€", "").strip())
    if not text or not AMOUNT_TEXT.match(text) or not any(c.isdigit() for c in text):
        raise ValueError(text)
    parts = re.split(r"[.,]", text)
    whole, groups = parts[0], parts[1:]
    decimals = ""
    if groups:
        last = groups[-1]
        if len(last) != 3 or whole.strip("0") == "":
            decimals = last
            groups = groups[:-1]
        if any(len(group) != 3 for group in groups) or (groups and not whole):
            raise ValueError(text)
    try:
        return Decimal(f"{whole or '0'}{''.join(groups)}.{decimals or '0'}")
    except InvalidOperation as error:
        raise ValueError(text) from error


class AmountField(forms.CharField):
    """An amount in euros excluding VAT, typed as the member writes it (see amount_parse)."""

    default_error_messages = {
        "invalid": _("Type an amount in euros, e.g. 0,12 or 1 200."),
        "positive": _("The amount must be more than 0 €."),
        "too_large": _("The amount must be at most 1,000,000 €."),
        "decimals": _("Round the amount to the tenth of a cent: at most three decimals."),
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": MAX_TYPED})
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if len(value) > MAX_TYPED:
                raise ValueError(value)
            amount = amount_parse(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount <= 0:
            raise forms.ValidationError(self.error_messages["positive"], code="positive")
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        # Three decimals: rates per word are often said to the tenth of a cent (0,045 €).
        if amount != amount.quantize(Decimal("0.001")):
            raise forms.ValidationError(self.error_messages["decimals"], code="decimals")
        return amount.quantize(Decimal("0.001"))


def _blank_first(label, choices) -> list:
    return [("", label), *choices]


class RateReportForm(forms.Form):
    """A rate as a member reports it. The services offered come grouped by trade, the member's
    own trades first; the context starts from the member's profile."""

    service = forms.TypedChoiceField(label=_("Service"), coerce=int)
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=Unit.choices,
        help_text=_("What the amount was for: a word, a day, the whole project…"),
    )
    amount = AmountField(
        label=_("Amount in euros, excluding VAT"),
        help_text=_("What you charged, e.g. 0,12 per word or 450 per day."),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    client_type = forms.ChoiceField(
        label=_("Client"), choices=ClientType.choices, widget=forms.RadioSelect
    )
    client_source = forms.ChoiceField(
        label=_("How you found this client"),
        choices=ClientSource.choices,
        widget=forms.RadioSelect,
    )
    years_freelancing = forms.IntegerField(
        label=_("Years as a freelancer"),
        required=False,
        min_value=0,
        max_value=60,
        help_text=_("Figures can then be compared by experience."),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    legal_status = forms.ChoiceField(label=_("Legal status"), required=False)

    def __init__(self, *args, service_groups, member_trade_ids=(), extra_years=(), **kwargs):
        """``service_groups``: rates.selectors.services_by_trade(), [(trade, [service…])…];
        ``member_trade_ids``: the member's trades, offered first; ``extra_years``: years to offer
        besides the recent ones (an older report being edited)."""
        super().__init__(*args, **kwargs)
        mine = set(member_trade_ids)
        ordered = sorted(service_groups, key=lambda group: group[0].pk not in mine)
        self.services = {s.pk: s for _trade, services in ordered for s in services}
        self.fields["service"].choices = _blank_first(
            _("Choose a service"),
            [
                (trade.name, [(service.pk, service.name) for service in services])
                for trade, services in ordered
                if services
            ],
        )
        # The years the figures cover: an older report would count in none.
        years = sorted({*rules.period_years(), *extra_years}, reverse=True)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["region"].choices = _blank_first(_("Not said"), Region.choices)
        self.fields["legal_status"].choices = _blank_first(_("Not said"), LegalStatus.choices)

    def clean_service(self):
        service = self.services.get(self.cleaned_data["service"])
        if service is None:
            raise forms.ValidationError(_("Choose a service from the list."), code="invalid")
        return service


def report_initial(*, member, service=None, unit: str = "") -> dict:
    """What the report form starts from: the member's profile, this year, and the service and
    unit the member came from (the page of a service), if any."""
    initial = {
        "year": timezone.localdate().year,
        "years_freelancing": member.years_freelancing,
        "region": member.region,
        "legal_status": member.legal_status,
    }
    if service is not None:
        initial["service"] = service.pk
        initial["unit"] = unit or service.default_unit
    return initial


def report_fields(report) -> dict:
    """A saved report as the form's initial data, for its edit page."""
    return {
        "service": report.service_id,
        "unit": report.unit,
        "amount": report.amount,
        "year": report.year,
        "client_type": report.client_type,
        "client_source": report.client_source,
        "years_freelancing": report.years_freelancing,
        "region": report.region,
        "legal_status": report.legal_status,
    }


class CutFilterForm(forms.Form):
    """The filters of a service × unit's figures, sent by GET; their names are those that
    rates.selectors.CutFilters.from_query() reads."""

    experience = forms.ChoiceField(label=_("Experience"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    legal_status = forms.ChoiceField(label=_("Legal status"), required=False)
    client_type = forms.ChoiceField(label=_("Client"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        any_value = _("Any")
        self.fields["experience"].choices = _blank_first(any_value, ExperienceBand.choices)
        self.fields["region"].choices = _blank_first(any_value, Region.choices)
        self.fields["legal_status"].choices = _blank_first(any_value, LegalStatus.choices)
        self.fields["client_type"].choices = _blank_first(any_value, ClientType.choices)


class TradeFilterForm(forms.Form):
    """The overview's one filter: a trade, by its slug."""

    trade = forms.ChoiceField(label=_("Trade"), required=False)

    def __init__(self, *args, trades, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].choices = _blank_first(
            _("Every trade"), [(trade.slug, trade.name) for trade in trades]
        )
