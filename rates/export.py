"""A member's rate reports are their own data: in their data export (members.hooks), and gone
with their account. Deleting an account keeps its row (members.services.member_account_delete),
so its reports would stay without the erasure here; counted in no figure (rates.rules), but
still held."""

from .models import RateReport, RateReportSave
from .selectors import reports_of


def reports_export(member) -> list[dict]:
    """Every report of the member's, any status, as they entered it."""
    return [
        {
            "service": report.service.name,
            "trade": report.service.trade.name,
            "unit": report.unit,
            # As text: an amount keeps its exact value (a float would not).
            # As typed: 0.045, 0.12, 450 (stored with three decimals).
            "amount_eur_excl_vat": format(report.amount.normalize(), "f"),
            "year": report.year,
            "years_freelancing": report.years_freelancing,
            "region": report.region,
            "legal_status": report.legal_status,
            "client_type": report.client_type,
            "client_source": report.client_source,
            "status": report.status,
            "reported_at": report.created_at.isoformat(),
            "updated_at": report.updated_at.isoformat(),
        }
        for report in reports_of(member)
    ]


def reports_erase(member) -> None:
    """The member's reports, and the log of their saves kept for the daily limit."""
    RateReport.objects.filter(member=member).delete()
    RateReportSave.objects.filter(member=member).delete()
