"""Writes of the observatory: a member's reports, and the moderators' review of outliers.

Every function runs in one transaction. A save checks the report (full_clean and the checks
below, each with a translated message), the daily limit (rules.SAVES_PER_DAY, or
SAVES_PER_DAY_NEW_ACCOUNT for accounts younger than HOLD_DAYS) and the outlier rule
(rules.OUTLIER_*): a report far from the others of its service × unit waits in the moderators'
queue (status REVIEW), counted in no figure until a moderator restores it.
"""

import statistics
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import Member
from moderation.models import ModerationAction
from moderation.services import moderation_log

from .models import RateReport, RateReportSave, Service
from .rules import (
    HOLD_DAYS,
    OUTLIER_DEVIATIONS,
    OUTLIER_MIN_OTHERS,
    SAVES_PER_DAY,
    SAVES_PER_DAY_NEW_ACCOUNT,
    period_years,
    robust_deviation,
)
from .selectors import peer_amounts

# What a member sets on a report (rate_report_update accepts these).
REPORT_FIELDS = (
    "service",
    "unit",
    "amount",
    "year",
    "years_freelancing",
    "region",
    "legal_status",
    "client_type",
    "client_source",
)
MAX_AMOUNT = Decimal(1_000_000)
MAX_YEARS_FREELANCING = 60
REVIEW_PERMISSIONS = ("rates.review_ratereport", "forums.moderate_forums")


def can_review(user) -> bool:
    """Moderators review the reports left out as outliers: staff with the rates' review
    permission or the forums' moderation permission."""
    return bool(
        user.is_authenticated
        and user.is_staff
        and any(user.has_perm(permission) for permission in REVIEW_PERMISSIONS)
    )


def rate_report_save(
    *,
    member: Member,
    service: Service,
    unit: str,
    amount: Decimal,
    year: int,
    years_freelancing: int | None,
    region: str,
    legal_status: str,
    client_type: str,
    client_source: str,
) -> RateReport:
    """Creates the member's report for service × unit × year, or replaces the one they had
    (same member, service, unit and year). Raises ValidationError (translated messages, by
    field where there is one) for invalid values, an inactive service, a year outside the
    period (rules.period_years), or beyond the daily limit (code "limit"); PermissionDenied
    for a suspended or deleted account. The report is PUBLISHED, or REVIEW when it is an
    outlier; replacing a report with the same amount keeps its status."""
    values = {
        "service": service,
        "unit": unit,
        "amount": amount,
        "year": year,
        "years_freelancing": years_freelancing,
        "region": region,
        "legal_status": legal_status,
        "client_type": client_type,
        "client_source": client_source,
    }
    with transaction.atomic():
        _lock_member(member)
        report = (
            RateReport.objects.select_for_update()
            .filter(member=member, service=service, unit=unit, year=year)
            .first()
        )
        return _report_write(member, report or RateReport(member=member), values)


def rate_report_update(*, member: Member, report: RateReport, **fields) -> RateReport:
    """Changes the author's report: ``fields`` are any of REPORT_FIELDS, the others keep their
    value; the same checks as a save, and a ValidationError when the new service × unit × year
    is that of another of the member's reports. PermissionDenied for anyone but its author.
    A report a moderator restored is not flagged again unless its amount changes."""
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"rate_report_update() got unexpected fields: {sorted(unknown)}")
    if not member.is_authenticated or report.member_id != member.pk:
        raise PermissionDenied
    with transaction.atomic():
        _lock_member(member)
        report = RateReport.objects.select_for_update().get(pk=report.pk)
        values = {name: getattr(report, name) for name in REPORT_FIELDS} | fields
        clash = (
            RateReport.objects.filter(
                member=member, service=values["service"], unit=values["unit"], year=values["year"]
            )
            .exclude(pk=report.pk)
            .exists()
        )
        if clash:
            raise ValidationError(
                _(
                    "You already have a report for this service, unit and year: "
                    "change that one instead."
                ),
                code="duplicate",
            )
        return _report_write(member, report, values)


def rate_report_delete(*, member: Member, report: RateReport) -> None:
    """Deletes the author's report; PermissionDenied for anyone but its author."""
    if not member.is_authenticated or report.member_id != member.pk:
        raise PermissionDenied
    RateReport.objects.filter(pk=report.pk, member=member).delete()


@transaction.atomic
def rate_report_restore(*, moderator: Member, report: RateReport, reason: str = "") -> RateReport:
    """Counts a report in review again (PUBLISHED, reviewed_by/at set: it is not flagged again
    unless its amount changes) and logs it in the moderation log. A report not in review is
    left as it is. PermissionDenied unless can_review(moderator)."""
    return _review(moderator, report, RateReport.Status.PUBLISHED, reason)


@transaction.atomic
def rate_report_remove(*, moderator: Member, report: RateReport, reason: str = "") -> RateReport:
    """Leaves a report in review out for good (REMOVED, reviewed_by/at set) and logs it in the
    moderation log; the same permission as rate_report_restore."""
    return _review(moderator, report, RateReport.Status.REMOVED, reason)


# --- Inside a save -------------------------------------------------------------------------


def _lock_member(member: Member) -> None:
    """Saves of one member run one after the other, so two at once cannot pass the limit."""
    locked = Member.objects.select_for_update().filter(pk=member.pk).first()
    if locked is None or not locked.can_post:
        raise PermissionDenied


def _report_write(member: Member, report: RateReport, values: dict) -> RateReport:
    before = None if report.pk is None else (report.service_id, report.unit, report.amount)
    for name, value in values.items():
        setattr(report, name, value)
    _check_values(report)
    _check_limit(member)
    after = (report.service_id, report.unit, report.amount)
    if before != after:
        # A new amount (or a new service × unit) is judged afresh: a moderator's earlier
        # review was about another figure.
        report.reviewed_by = None
        report.reviewed_at = None
        report.status = (
            RateReport.Status.REVIEW if _is_outlier(report, member) else RateReport.Status.PUBLISHED
        )
    report.save()
    RateReportSave.objects.create(member=member)
    return report


def _check_values(report: RateReport) -> None:
    """The checks a form would need to repeat, each on its field with a translated message,
    then the model's own (choices, decimal places)."""
    errors: dict[str, list[str]] = {}
    service = report.service if report.service_id else None
    if service is None or not service.is_active:
        errors.setdefault("service", []).append(
            _("Choose a service from the list: this one is not offered.")
        )
    amount = report.amount
    if amount is not None and not isinstance(amount, Decimal):
        try:
            amount = report.amount = Decimal(str(amount))
        except ArithmeticError:
            amount = None
    if amount is None or not amount.is_finite() or not (0 < amount <= MAX_AMOUNT):
        errors.setdefault("amount", []).append(
            _("Enter an amount above 0 and up to 1,000,000 € excluding VAT.")
        )
    years = period_years()
    if not isinstance(report.year, int) or report.year not in years:
        errors.setdefault("year", []).append(
            _("Enter a year from %(first)d to %(last)d: the figures cover these years.")
            % {"first": years[0], "last": years[-1]}
        )
    experience = report.years_freelancing
    if experience is not None and not (0 <= experience <= MAX_YEARS_FREELANCING):
        errors.setdefault("years_freelancing", []).append(
            _("Enter a number of years from 0 to %(max)d.") % {"max": MAX_YEARS_FREELANCING}
        )
    if errors:
        raise ValidationError(errors)
    # The unique constraint holds by construction (a save replaces, an update checks).
    report.full_clean(exclude=["member", "service", "reviewed_by"], validate_constraints=False)


def _check_limit(member: Member) -> None:
    now = timezone.now()
    new_account = member.date_joined > now - timedelta(days=HOLD_DAYS)
    limit = SAVES_PER_DAY_NEW_ACCOUNT if new_account else SAVES_PER_DAY
    saves = RateReportSave.objects.filter(
        member=member, saved_at__gt=now - timedelta(days=1)
    ).count()
    if saves >= limit:
        if new_account:
            message = ngettext(
                "New accounts may save %(count)d rate a day. Please come back tomorrow.",
                "New accounts may save %(count)d rates a day. Please come back tomorrow.",
                limit,
            )
        else:
            message = ngettext(
                "You may save %(count)d rate a day. Please come back tomorrow.",
                "You may save %(count)d rates a day. Please come back tomorrow.",
                limit,
            )
        raise ValidationError(message % {"count": limit}, code="limit")


def _is_outlier(report: RateReport, member: Member) -> bool:
    """More than OUTLIER_DEVIATIONS robust deviations from the median of the others, when
    there are OUTLIER_MIN_OTHERS of them (see rules.robust_deviation)."""
    others = peer_amounts(service=report.service, unit=report.unit, excluding_member=member)
    if len(others) < OUTLIER_MIN_OTHERS:
        return False
    median = statistics.median(others)
    deviation = robust_deviation(others, median)
    distance = abs(report.amount - median)
    if deviation == 0:
        return distance > 0
    return distance > Decimal(str(OUTLIER_DEVIATIONS)) * deviation


def _review(moderator: Member, report: RateReport, status: str, reason: str) -> RateReport:
    if not can_review(moderator):
        raise PermissionDenied
    report = RateReport.objects.select_for_update().get(pk=report.pk)
    if report.status != RateReport.Status.REVIEW:
        return report
    report.status = status
    report.reviewed_by = moderator
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    kind = (
        ModerationAction.Kind.APPROVE
        if status == RateReport.Status.PUBLISHED
        else ModerationAction.Kind.HIDE
    )
    moderation_log(actor=moderator, kind=kind, target=report, member=report.member, reason=reason)
    return report
