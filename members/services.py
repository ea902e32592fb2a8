from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone, translation

from .models import Member


@transaction.atomic
def member_preferences_update(
    *, member: Member, display_name: str, language: str, timezone_name: str
) -> Member:
    member.display_name = display_name.strip()
    member.language = language
    member.timezone = timezone_name
    member.full_clean()
    member.save(update_fields=["display_name", "language", "timezone"])
    return member


def member_language_set(*, member: Member, language: str) -> None:
    if language != member.language and translation.check_for_language(language):
        member.language = language
        member.save(update_fields=["language"])


@transaction.atomic
def member_account_delete(*, member: Member) -> None:
    """Deletes a member's account while keeping what they wrote, shown as by a deleted member.

    Personal data is erased, sign-in becomes impossible, and the unusable password changes the
    session hash so that every other open session of theirs ends too.
    """
    EmailAddress.objects.filter(user=member).delete()
    member.groups.clear()
    member.user_permissions.clear()
    member.username = f"deleted-{member.pk}"
    member.email = f"deleted-{member.pk}@deleted.invalid"
    member.display_name = ""
    member.is_active = False
    member.is_staff = False
    member.is_superuser = False
    member.deleted_at = timezone.now()
    member.set_unusable_password()
    member.save()
