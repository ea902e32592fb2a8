"""Pages anyone may open: the overview of the headline figures, a service × unit's figures (every
cut for members who reported a rate: give to get), the CSV of the aggregates and the note on
method. Nothing here shows a report one by one, and nothing is cached across readers: what a
reader sees depends on whether they reported."""

import csv
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import rules, selectors
from ..forms import CutFilterForm, TradeFilterForm
from ..models import Service, Unit

CSV_FILENAME = "freelancehub-tarifs.csv"


def reader_sees_every_cut(user) -> bool:
    """Give to get: only a member who reported a rate sees the cuts."""
    return user.is_authenticated and selectors.member_sees_every_cut(user)


def _trade_groups(service_groups, headlines, trade=None) -> list[dict]:
    """The overview's sections: each trade with its service × unit headlines, and its services
    that have no figure yet (fewer than MIN_MEMBERS members)."""
    by_service: dict[int, list] = {}
    for headline in headlines:
        by_service.setdefault(headline.service.pk, []).append(headline)
    sections = []
    for group_trade, services in service_groups:
        if trade is not None and group_trade.pk != trade.pk:
            continue
        rows = [headline for service in services for headline in by_service.get(service.pk, [])]
        waiting = [service for service in services if service.pk not in by_service]
        if rows or waiting:
            sections.append({"trade": group_trade, "headlines": rows, "waiting": waiting})
    return sections


@require_GET
def overview(request):
    service_groups = selectors.services_by_trade()
    trades = [trade for trade, _services in service_groups]
    form = TradeFilterForm(request.GET or None, trades=trades)
    trade = None
    if form.is_valid() and form.cleaned_data["trade"]:
        trade = next(t for t in trades if t.slug == form.cleaned_data["trade"])
    headlines = selectors.headline_figures(trade=trade)
    return render(
        request,
        "rates/overview.html",
        {
            "form": form,
            "trade": trade,
            "sections": _trade_groups(service_groups, headlines, trade),
            "sees_cuts": reader_sees_every_cut(request.user),
            "min_members": rules.MIN_MEMBERS,
            "export_url": reverse("rates:export"),
        },
    )


def service_for_page(service_slug: str, unit: str) -> Service:
    """The active service of the address, and a unit it may be reported in; else a 404."""
    if unit not in Unit.values:
        raise Http404
    return get_object_or_404(
        Service.objects.select_related("trade"), slug=service_slug, is_active=True
    )


def export_url(filters) -> str:
    query = filters.as_query()
    return reverse("rates:export") + (f"?{urlencode(query)}" if query else "")


@require_GET
def service_cut(request, service_slug: str, unit: str):
    service = service_for_page(service_slug, unit)
    sees_cuts = reader_sees_every_cut(request.user)
    filters = selectors.CutFilters.from_query(request.GET) if sees_cuts else selectors.CutFilters()
    figures = selectors.cut_figures(service=service, unit=unit, filters=filters)
    other_units = [
        headline
        for headline in selectors.headline_figures(trade=service.trade)
        if headline.service.pk == service.pk and headline.unit != unit
    ]
    asked_for_filters = any(request.GET.get(name) for name in selectors.FILTERS)
    period = rules.period_years()
    return render(
        request,
        "rates/service.html",
        {
            "service": service,
            "unit": unit,
            "unit_label": Unit(unit).label,
            "cut_name": f"{service.name}, {Unit(unit).label}",
            "figures": figures,
            "filters": filters,
            "filter_labels": list(filters.labels().values()),
            "period": (period[0], period[-1]),
            "filter_form": CutFilterForm(initial=filters.as_query()) if sees_cuts else None,
            "sees_cuts": sees_cuts,
            "filters_refused": asked_for_filters and not sees_cuts,
            "other_units": other_units,
            "export_url": export_url(filters),
            "min_members": rules.MIN_MEMBERS,
            "deciles_from": rules.DECILES_FROM,
        },
    )


@require_GET
def export_csv(request):
    """The aggregates the reader may see, as CSV: every cut under the filters of the address for
    members who reported, the headline figures for everyone else. Never a report."""
    sees_cuts = reader_sees_every_cut(request.user)
    filters = selectors.CutFilters.from_query(request.GET) if sees_cuts else selectors.CutFilters()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CSV_FILENAME}"'
    # What a member who reported sees differs from a visitor's: no shared cache may keep it.
    response["Cache-Control"] = "private, no-cache"
    # A byte-order mark, so that spreadsheets read the accents of the services' names.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in selectors.aggregates_csv_rows(member_sees_cuts=sees_cuts, filters=filters):
        writer.writerow(row)
    return response


@require_GET
def method(request):
    return render(
        request,
        "rates/method.html",
        {"rules": rules, "period_years": rules.period_years()},
    )
