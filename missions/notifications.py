"""What missions tell members, through the notification system (each member's choices of e-mail
apply: a matching mission waits for the daily digest by default, a referral comes at once).

Services call these after commit. Titles are stored translated, so each is written in its
recipient's language.
"""

from collections import defaultdict

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.usertext import html_excerpt
from notifications.models import Kind
from notifications.services import notify, notify_many

from .models import Mission, Referral
from .selectors import members_matching

EXCERPT_CHARS = 200
REFERRALS_URL_NAME = "missions:referrals"


@task
def matching_members_notify(*, mission_id: int) -> int:
    """Tells the members a new mission matches (missions.selectors.members_matching), in one
    INSERT per language; returns how many were told. A mission no longer open tells nobody."""
    mission = Mission.objects.open().select_related("trade", "author").filter(pk=mission_id).first()
    if mission is None:
        return 0
    by_language = defaultdict(list)
    for member in members_matching(mission):
        by_language[member.language].append(member)
    excerpt = html_excerpt(mission.description_html, EXCERPT_CHARS)
    told = 0
    for language, members in by_language.items():
        with override(language):
            title = _("A mission for a %(trade)s: “%(title)s”") % {
                "trade": mission.trade.name,
                "title": mission.title,
            }
        told += len(
            notify_many(
                recipients=members,
                kind=Kind.MISSION,
                actor=mission.author,
                title=title,
                url=mission.get_absolute_url(),
                excerpt=excerpt,
            )
        )
    return told


def referral_received_notify(referral: Referral) -> None:
    """The member a mission was passed to hears of it at once."""
    receiver, giver, mission = referral.receiver, referral.giver, referral.mission
    with override(receiver.language):
        title = _("%(name)s passes you the mission “%(title)s”") % {
            "name": giver.public_name,
            "title": mission.title,
        }
        excerpt = _("Tell them how it went in your referrals once you know.")
    notify(
        recipient=receiver,
        kind=Kind.REFERRAL,
        actor=giver,
        title=title,
        url=mission.get_absolute_url(),
        excerpt=excerpt,
    )


def referral_outcome_notify(referral: Referral) -> None:
    """The member who passed the work on hears how it went: « merci pour le business »."""
    giver, receiver = referral.giver, referral.receiver
    about = referral.mission.title if referral.mission_id else ""
    with override(giver.language):
        if referral.outcome == Referral.Outcome.WON:
            if about:
                title = _("%(name)s won “%(title)s”: thank you for the business!") % {
                    "name": receiver.public_name,
                    "title": about,
                }
            else:
                title = _("%(name)s won the work you passed on: thank you for the business!") % {
                    "name": receiver.public_name
                }
        elif about:
            title = _("%(name)s did not win “%(title)s”, but thanks for passing it on.") % {
                "name": receiver.public_name,
                "title": about,
            }
        else:
            title = _("%(name)s did not win the work you passed on, but thanks all the same.") % {
                "name": receiver.public_name
            }
    notify(
        recipient=giver,
        kind=Kind.REFERRAL,
        actor=receiver,
        title=title,
        url=reverse(REFERRALS_URL_NAME),
    )
