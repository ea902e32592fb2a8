"""Members' pages: reporting a rate, and “my rates” (each report's status explained, edit,
delete). Each view parses its input with a form and calls one service; a service's
ValidationError goes back to the form with everything typed kept (status 400, or 429 past the
daily limit). A report is found among the reader's own only: anyone else's is a 404."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import date_format

from .. import rules, selectors, services
from ..forms import RateReportForm, report_fields, report_initial
from ..models import RateReport, Service, Unit

# The code of rates.services' error for "too many saves today": the form answers 429.
LIMIT_CODE = "limit"


def add_service_error(form, error: ValidationError) -> int:
    """Puts a service's ValidationError on the form (on its field when the form has one, above
    the form otherwise) and returns the status to answer: 429 for the daily limit, else 400."""
    if hasattr(error, "error_dict"):
        items = [item for errors in error.error_dict.values() for item in errors]
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        items = error.error_list
        form.add_error(None, error)
    return 429 if any(item.code == LIMIT_CODE for item in items) else 400


def _saved_notice(report: RateReport, *, replaced: bool) -> str:
    if report.status == RateReport.Status.REVIEW:
        return _(
            "Thank you! Your rate is far from the others reported for this service, so a "
            "moderator will look at it before it counts. Nothing to do on your side."
        )
    if replaced:
        return _(
            "Thank you! Your rate replaces the one you had reported for this service, unit and "
            "year."
        )
    return _("Thank you! Your rate is saved, anonymously: it counts in the figures from now on.")


def _member_trade_ids(member) -> list[int]:
    return list(member.trades.values_list("pk", flat=True))


def _report_form(request, *, service_groups, initial, extra_years=()):
    return RateReportForm(
        request.POST or None,
        service_groups=service_groups,
        member_trade_ids=_member_trade_ids(request.user),
        extra_years=extra_years,
        initial=initial,
    )


def _fields(cleaned_data) -> dict:
    return {name: cleaned_data[name] for name in RateReportForm.base_fields}


@login_required
def report_create(request):
    service_groups = selectors.services_by_trade()
    chosen = _chosen_service(service_groups, request.GET.get("service", ""))
    unit = request.GET.get("unit", "")
    initial = report_initial(
        member=request.user, service=chosen, unit=unit if unit in Unit.values else ""
    )
    form = _report_form(request, service_groups=service_groups, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        fields = _fields(form.cleaned_data)
        replaced = (
            selectors.reports_of(request.user)
            .filter(service=fields["service"], unit=fields["unit"], year=fields["year"])
            .exists()
        )
        try:
            report = services.rate_report_save(member=request.user, **fields)
        except ValidationError as error:
            status = add_service_error(form, error)
        else:
            messages.success(request, _saved_notice(report, replaced=replaced))
            return redirect("rates:service", report.service.slug, report.unit)
    elif request.method == "POST":
        status = 400
    return render(
        request, "rates/report_form.html", {"form": form, "mode": "create"}, status=status
    )


def _chosen_service(service_groups, slug: str) -> Service | None:
    if not slug:
        return None
    offered = (service for _trade, services in service_groups for service in services)
    return next((service for service in offered if service.slug == slug), None)


def _own_report(member, pk: int) -> RateReport:
    return get_object_or_404(selectors.reports_of(member), pk=pk)


@login_required
def report_edit(request, pk: int):
    report = _own_report(request.user, pk)
    service_groups = selectors.services_by_trade()
    if not any(report.service_id == s.pk for _trade, services in service_groups for s in services):
        # A service no longer offered: its report can still be corrected.
        service_groups = [*service_groups, (report.service.trade, [report.service])]
    form = _report_form(
        request,
        service_groups=service_groups,
        initial=report_fields(report),
        extra_years=[report.year],
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_report_update(
                member=request.user, report=report, **_fields(form.cleaned_data)
            )
        except ValidationError as error:
            status = add_service_error(form, error)
        else:
            messages.success(request, _("Your report is updated."))
            return redirect("rates:mine")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "rates/report_form.html",
        {"form": form, "mode": "edit", "report": report},
        status=status,
    )


@login_required
def report_delete(request, pk: int):
    report = _own_report(request.user, pk)
    if request.method == "POST":
        services.rate_report_delete(member=request.user, report=report)
        messages.success(request, _("Your report is deleted: it no longer counts anywhere."))
        return redirect("rates:mine")
    return render(request, "rates/report_delete.html", {"report": report})


def report_states(member, reports, *, now=None) -> dict[int, dict]:
    """Why each of the member's reports counts or not, by report id: ``state`` (counted, held,
    superseded, old, review, removed) and what the explanation needs. Each member weighs once
    per service × unit: their report of the latest year of the period counts, the others wait."""
    now = now or timezone.now()
    period = rules.period_years(timezone.localdate(now))
    held_until = member.date_joined + timedelta(days=rules.HOLD_DAYS)
    latest: dict[tuple[int, str], int] = {}
    for report in reports:
        if report.status == RateReport.Status.PUBLISHED and report.year in period:
            key = (report.service_id, report.unit)
            latest[key] = max(latest.get(key, report.year), report.year)
    states = {}
    for report in reports:
        key = (report.service_id, report.unit)
        if report.status == RateReport.Status.REVIEW:
            state = {"state": "review"}
        elif report.status == RateReport.Status.REMOVED:
            state = {"state": "removed"}
        elif report.year not in period:
            state = {"state": "old", "first": period[0], "last": period[-1]}
        elif latest.get(key) != report.year:
            state = {"state": "superseded", "year": latest[key]}
        elif held_until > now:
            state = {"state": "held", "from": date_format(held_until, "DATE_FORMAT")}
        else:
            state = {"state": "counted"}
        states[report.pk] = state
    return states


@login_required
def mine(request):
    reports = list(selectors.reports_of(request.user))
    states = report_states(request.user, reports)
    return render(
        request,
        "rates/mine.html",
        {
            "rows": [(report, states[report.pk]) for report in reports],
            "report_url": reverse("rates:report"),
            "hold_days": rules.HOLD_DAYS,
        },
    )
