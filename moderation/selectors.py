from .models import Report


def reports_open_count() -> int:
    """How many reports wait for a moderator (the admin's home shows it)."""
    return Report.objects.filter(status=Report.Status.OPEN).count()
