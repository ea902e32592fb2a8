from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.usertext import render_markdown
from moderation.models import ModerationAction
from moderation.services import moderation_log, report_create, suspension_notice_send

from . import hooks
from .avatars import ProcessedAvatar
from .models import Block, Member, Recommendation, Skill, SpokenLanguage, Trade
from .signals import recommendation_created

ACTIVITY_PRECISION = timedelta(minutes=10)


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
def profile_update(
    *,
    member: Member,
    fields: dict,
    trades: list[Trade],
    skill_names: list[str],
    language_codes: list[str],
    avatar: ProcessedAvatar | None = None,
    remove_avatar: bool = False,
) -> Member:
    """Saves a member's public profile; the bio's HTML is rendered here, once."""
    for name, value in fields.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    member.bio_html = render_markdown(member.bio)
    if avatar is not None or remove_avatar:
        member_avatar_set(member=member, avatar=avatar)
    member.full_clean(exclude=["password", "avatar", "avatar_thumbnail"])
    member.save()
    member.trades.set(trades)
    member.skills.set(_skills_get_or_create(skill_names))
    SpokenLanguage.objects.filter(member=member).exclude(code__in=language_codes).delete()
    SpokenLanguage.objects.bulk_create(
        [SpokenLanguage(member=member, code=code) for code in language_codes],
        ignore_conflicts=True,
    )
    return member


def member_avatar_set(*, member: Member, avatar: ProcessedAvatar | None) -> None:
    """Puts an avatar on the member (None: takes theirs away), for the caller to save.

    The one way a picture reaches Member.avatar: a ProcessedAvatar comes only from
    avatars.avatar_process, checked and re-encoded. Call it inside the transaction that saves the
    member: the old files are deleted once it commits, so a rollback leaves them in place.
    """
    old_files = [f for f in (member.avatar, member.avatar_thumbnail) if f]
    member.avatar = member.avatar_thumbnail = None
    if avatar is not None:
        member.avatar.save(avatar.large.name, avatar.large, save=False)
        member.avatar_thumbnail.save(avatar.thumbnail.name, avatar.thumbnail, save=False)
    for old in old_files:
        transaction.on_commit(lambda f=old: f.storage.delete(f.name), robust=True)


def _skills_get_or_create(names: list[str]) -> list[Skill]:
    slugs = {slugify(name): name for name in names}
    existing = {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs)}
    Skill.objects.bulk_create(
        [Skill(slug=slug, name=name) for slug, name in slugs.items() if slug not in existing],
        ignore_conflicts=True,
    )
    return list(Skill.objects.filter(slug__in=slugs))


def member_activity_touch(*, member: Member) -> None:
    """Marks the member as active, writing at most once every ten minutes."""
    now = timezone.now()
    if member.last_active_at is None or now - member.last_active_at > ACTIVITY_PRECISION:
        Member.objects.filter(pk=member.pk).update(last_active_at=now)
        member.last_active_at = now


def member_export_data(*, member: Member) -> dict:
    """Everything the site holds about a member, for their own download (GDPR portability):
    this app's data, then the sections of the apps built on it (members.hooks)."""
    data = {
        "account": {
            "handle": member.username,
            "email": member.email,
            "display_name": member.display_name,
            "language": member.language,
            "timezone": member.timezone,
            "date_joined": member.date_joined.isoformat(),
            "last_login": member.last_login.isoformat() if member.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=member)
            ],
        },
        "profile": {
            "headline": member.headline,
            "bio": member.bio,
            "trades": [t.name for t in member.trades.all()],
            "skills": [s.name for s in member.skills.all()],
            "legal_status": member.legal_status,
            "years_freelancing": member.years_freelancing,
            # As text: an amount keeps its exact decimals (a float would not).
            "day_rate": str(member.day_rate) if member.day_rate is not None else None,
            "word_rate": str(member.word_rate) if member.word_rate is not None else None,
            "city": member.city,
            "region": member.region,
            "languages": [language.code for language in member.spoken_languages.all()],
            "website": member.website,
            "linkedin_url": member.linkedin_url,
            "malt_url": member.malt_url,
            "portfolio_url": member.portfolio_url,
            "availability": member.availability,
            "open_to_chocoskype": member.open_to_chocoskype,
            "profile_visibility": member.profile_visibility,
            "avatar": member.avatar.url if member.avatar else None,
        },
        "recommendations_given": [
            {
                "to": r.recipient.username,
                "trade": r.trade.name if r.trade else None,
                "text": r.text,
                "written_at": r.created_at.isoformat(),
            }
            for r in member.recommendations_given.select_related("recipient", "trade")
        ],
        "recommendations_received": [
            {
                "from": r.author.username,
                "trade": r.trade.name if r.trade else None,
                "text": r.text,
                "hidden": r.is_hidden,
                "written_at": r.created_at.isoformat(),
            }
            for r in member.recommendations_received.select_related("author", "trade")
        ],
    }
    for name, section in hooks.export_sections(member).items():
        if name in data:
            raise ValueError(f"An export section cannot replace {name!r}.")
        data[name] = section
    return data


@transaction.atomic
def member_account_delete(*, member: Member) -> None:
    """Deletes a member's account while keeping what they wrote, shown as by a deleted member.

    Personal data is erased, sign-in becomes impossible, and the unusable password changes the
    session hash so that every other open session of theirs ends too.
    """
    EmailAddress.objects.filter(user=member).delete()
    SpokenLanguage.objects.filter(member=member).delete()
    # What the apps built on this one keep of the member's own (their rate reports…).
    hooks.account_erase(member)
    member.groups.clear()
    member.user_permissions.clear()
    member.trades.clear()
    member.skills.clear()
    member_avatar_set(member=member, avatar=None)
    member.username = f"deleted-{member.pk}"
    member.email = f"deleted-{member.pk}@deleted.invalid"
    for field in (
        "display_name", "headline", "bio", "bio_html", "city", "region", "legal_status",
        "website", "linkedin_url", "malt_url", "portfolio_url",
    ):  # fmt: skip
        setattr(member, field, "")
    member.years_freelancing = None
    member.day_rate = member.word_rate = None
    member.is_active = False
    member.is_staff = False
    member.is_superuser = False
    member.deleted_at = timezone.now()
    member.set_unusable_password()
    member.save()


# --- Recommendations ---------------------------------------------------------------------


@transaction.atomic
def recommendation_save(
    *, author: Member, recipient: Member, trade: Trade | None, text: str
) -> tuple[Recommendation, bool]:
    """Writes the author's recommendation of the recipient, or updates the one they wrote."""
    if not author.can_post:
        raise PermissionDenied
    if author.pk == recipient.pk:
        raise ValidationError(_("You cannot recommend yourself."))
    if not recipient.is_active or recipient.is_deleted:
        raise ValidationError(_("This member can no longer be recommended."))
    recommendation, created = Recommendation.objects.select_for_update().get_or_create(
        author=author, recipient=recipient, defaults={"trade": trade, "text": text.strip()}
    )
    if not created:
        recommendation.trade = trade
        recommendation.text = text.strip()
    recommendation.full_clean()
    recommendation.save()
    if created:
        transaction.on_commit(lambda: _recommendation_notify(recommendation), robust=True)
    return recommendation, created


def _recommendation_notify(recommendation: Recommendation) -> None:
    recommendation_created.send(sender=Recommendation, recommendation=recommendation)


def recommendation_set_hidden(
    *, member: Member, recommendation: Recommendation, hidden: bool
) -> None:
    """Only the recommended member chooses whether a recommendation shows on their profile."""
    if recommendation.recipient_id != member.pk:
        raise PermissionDenied
    recommendation.is_hidden = hidden
    recommendation.save(update_fields=["is_hidden", "updated_at"])


def recommendation_report(
    *, reporter: Member, recommendation: Recommendation, reason: str, note: str
):
    if reporter.pk == recommendation.author_id or not reporter.can_post:
        raise PermissionDenied
    return report_create(reporter=reporter, target=recommendation, reason=reason, note=note)


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation, moderator: Member, reason: str = ""):
    """A moderator takes an abusive recommendation down; it no longer shows anywhere."""
    if recommendation.removed_at is not None:
        return
    recommendation.removed_at = timezone.now()
    recommendation.save(update_fields=["removed_at"])
    moderation_log(
        actor=moderator,
        kind=ModerationAction.Kind.HIDE,
        target=recommendation,
        member=recommendation.author,
        reason=reason,
    )


# --- Suspension (moderators, from the admin) --------------------------------------------


@transaction.atomic
def member_suspend(*, moderator: Member, member: Member, reason: str, until=None) -> None:
    if member.pk == moderator.pk or member.is_superuser:
        raise PermissionDenied
    member.suspended_at = timezone.now()
    member.suspended_until = until
    member.suspension_reason = reason.strip()
    member.full_clean(exclude=["password"])
    member.save(update_fields=["suspended_at", "suspended_until", "suspension_reason"])
    moderation_log(
        actor=moderator,
        kind=ModerationAction.Kind.SUSPEND,
        target=member,
        member=member,
        reason=reason,
    )
    # The member hears of it by e-mail (notifications skip suspended members), once committed.
    transaction.on_commit(lambda: suspension_notice_send(member=member), robust=True)


@transaction.atomic
def member_suspension_lift(*, moderator: Member, member: Member) -> None:
    if member.suspended_at is None:
        return
    member.suspended_at = member.suspended_until = None
    member.suspension_reason = ""
    member.save(update_fields=["suspended_at", "suspended_until", "suspension_reason"])
    moderation_log(
        actor=moderator, kind=ModerationAction.Kind.LIFT_SUSPENSION, target=member, member=member
    )


# --- Blocking ----------------------------------------------------------------------------


def member_block(*, blocker: Member, blocked: Member) -> Block:
    """``blocker`` no longer hears from ``blocked``: no invitation, never paired in a round.
    Blocking twice keeps the first block (and its date)."""
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block


def member_unblock(*, blocker: Member, blocked: Member) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
