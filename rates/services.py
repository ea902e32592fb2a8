"""Writes of the observatory: a member's reports, and the moderators' review of outliers.

Every function runs in one transaction. A save checks the report (full_clean), the daily limit
(rules.SAVES_PER_DAY, SAVES_PER_DAY_NEW_ACCOUNT) and the outlier rule (rules.OUTLIER_*):
a report far from the others of its service × unit waits in the moderators' queue (status
REVIEW), counted in no figure until a moderator restores it.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401

from members.models import Member

from .models import RateReport, Service


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
    field where there is one) for invalid values, an inactive service, a year in the future,
    or beyond the daily limit. The report is PUBLISHED, or REVIEW when it is an outlier."""
    raise NotImplementedError


def rate_report_update(*, member: Member, report: RateReport, **fields) -> RateReport:
    """Changes the author's report (fields: those of rate_report_save except member); the
    same checks as a save. PermissionDenied for anyone but its author. A report a moderator
    restored is not flagged again unless its amount changes."""
    raise NotImplementedError


def rate_report_delete(*, member: Member, report: RateReport) -> None:
    """Deletes the author's report; PermissionDenied for anyone but its author."""
    raise NotImplementedError


def rate_report_restore(*, moderator: Member, report: RateReport, reason: str = "") -> None:
    """Counts a report in review (or removed) again (PUBLISHED, reviewed_by/at set) and logs it
    in the moderation log. PermissionDenied unless the moderator may review rate reports
    (``rates.review_ratereport`` or ``forums.moderate_forums``, staff)."""
    raise NotImplementedError


def rate_report_remove(*, moderator: Member, report: RateReport, reason: str = "") -> None:
    """Leaves a report out for good (REMOVED, reviewed_by/at set) and logs it in the
    moderation log; the same permission as rate_report_restore."""
    raise NotImplementedError
