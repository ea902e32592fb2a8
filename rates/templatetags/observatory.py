"""The observatory's template helpers: amounts in euros written as the reader's language writes
them, and the distribution of a cut drawn on the server as an accessible SVG histogram."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats, translation

register = template.Library()

CENT = Decimal("0.01")
MILL = Decimal("0.001")

# The histogram's drawing, in SVG user units: it scales to the width of its column, and at the
# width of a phone (about 340 px of content) one unit is about one pixel, so its text stays legible.
WIDTH = 400
HEIGHT = 230
LEFT = RIGHT = 10
TOP = 20  # room for the count above the highest bar
PLOT_BOTTOM = 176
BAR_GAP = 2


def euros_text(amount) -> str:
    """``amount`` in euros as the reader's language writes it: « 1 200 € », « 0,12 € » in French,
    "€1,200", "€0.12" in English. Whole amounts drop their cents; a third decimal shows when
    there is one (« 0,045 € », a rate per word said to the tenth of a cent)."""
    if amount is None or amount == "":
        return ""
    value = Decimal(amount).quantize(MILL, rounding=ROUND_HALF_UP)
    if abs(value) >= 1 and value == value.to_integral_value():
        decimals = 0
    elif value == value.quantize(CENT):
        decimals = 2
    else:
        decimals = 3
    number = formats.number_format(value, decimals, use_l10n=True, force_grouping=True)
    if (translation.get_language() or "").startswith("fr"):
        return f"{number}\u00a0€"
    return f"€{number}"


@register.filter
def euros(amount) -> str:
    """``{{ figures.median|euros }}``: see euros_text()."""
    return euros_text(amount)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    low: object
    high: object
    first: bool
    last: bool
    open_low: bool = False
    open_high: bool = False

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - 5, 1)


def histogram_bars(bins) -> list[Bar]:
    """Where each bin's bar goes: bins side by side across the plot, heights in proportion to
    their counts (the highest bin fills the plot's height)."""
    bins = list(bins)
    if not bins:
        return []
    tallest = max(b.count for b in bins) or 1
    slot = (WIDTH - LEFT - RIGHT) / len(bins)
    plot_height = PLOT_BOTTOM - TOP
    bars = []
    for index, b in enumerate(bins):
        height = round(plot_height * b.count / tallest, 1)
        bars.append(
            Bar(
                x=round(LEFT + index * slot + BAR_GAP / 2, 1),
                y=round(PLOT_BOTTOM - height, 1),
                width=round(slot - BAR_GAP, 1),
                height=height,
                count=b.count,
                low=b.low,
                high=b.high,
                first=index == 0,
                last=index == len(bins) - 1,
                open_low=getattr(b, "open_low", False),
                open_high=getattr(b, "open_high", False),
            )
        )
    return bars


def amount_x(bins, amount) -> float | None:
    """The x of ``amount`` on the histogram's axis (bins are drawn at equal widths, so within a
    bin the position is linear), or None outside the bins."""
    bins = list(bins)
    if amount is None or not bins:
        return None
    slot = (WIDTH - LEFT - RIGHT) / len(bins)
    for index, b in enumerate(bins):
        if Decimal(b.low) <= Decimal(amount) <= Decimal(b.high):
            span = Decimal(b.high) - Decimal(b.low)
            share = float((Decimal(amount) - Decimal(b.low)) / span) if span else 0.5
            return round(LEFT + (index + share) * slot, 1)
    return None


@register.inclusion_tag("rates/includes/histogram.html")
def rates_histogram(figures, dom_id: str, subject: str):
    """``{% rates_histogram figures "histogram" subject %}``: the distribution of a cut (its
    ``histogram`` bins and ``median``) as an SVG image named by a <title> and a <desc>, then the
    same numbers in a table for those who cannot see the drawing. ``subject`` names the cut
    (« Article de blog, par mot »); ``dom_id`` keeps the ids unique on the page."""
    bins = list(figures.histogram or [])
    bars = histogram_bars(bins)
    median_x = amount_x(bins, figures.median)
    members = sum(b.count for b in bins)
    tallest = max((b.count for b in bins), default=0)
    return {
        "dom_id": dom_id,
        "subject": subject,
        "bars": bars,
        "median": figures.median,
        "median_x": median_x,
        "members": members,
        "tallest": tallest,
        "low": bins[0].low if bins else None,
        "high": bins[-1].high if bins else None,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right_edge": WIDTH - RIGHT,
        "plot_top": TOP,
        "plot_bottom": PLOT_BOTTOM,
        "axis_labels_y": PLOT_BOTTOM + 16,
        "median_label_y": PLOT_BOTTOM + 40,
        "median_anchor": _anchor(median_x),
    }


def _anchor(x: float | None) -> str:
    """Keeps the median's label inside the drawing when the median sits near an edge."""
    if x is None:
        return "middle"
    if x < WIDTH * 0.25:
        return "start"
    if x > WIDTH * 0.75:
        return "end"
    return "middle"
