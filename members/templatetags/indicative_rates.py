"""Amounts in euros as the reader's language writes them, for the indicative rates members show
on their profile: « 450 € », « 0,12 € » in French, "€450", "€0.12" in English."""

from decimal import Decimal

from django import template
from django.utils import formats, translation

register = template.Library()


@register.filter
def euros(amount) -> str:
    """Whole amounts drop their cents; a rate per word keeps the decimals its member gave
    (« 0,125 € »), and at least two (« 0,10 € »)."""
    if amount is None or amount == "":
        return ""
    value = Decimal(amount)
    if value == value.to_integral_value():
        decimals = 0
    else:
        decimals = max(2, -value.normalize().as_tuple().exponent)
    number = formats.number_format(value, decimals, use_l10n=True, force_grouping=True)
    if (translation.get_language() or "").startswith("fr"):
        return f"{number}\u00a0€"
    return f"€{number}"
