"""Signed links of the ritual's e-mails: pause or leave in one click, without signing in.

A token names the member and what the link does; it does not expire, as an e-mail may be read
weeks later, and it only opens a confirmation page (a GET changes nothing).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

LINK_SALT = "chocoskype.email-links"
PAUSE, LEAVE = "pause", "leave"


def link_token(member, action: str) -> str:
    return signing.dumps({"m": member.pk, "a": action}, salt=LINK_SALT, compress=True)


def link_read(token: str, action: str) -> int | None:
    """The member's id, when the token is ours and made for this action."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != action or not isinstance(data.get("m"), int):
        return None
    return data["m"]


def email_links(member) -> dict[str, str]:
    """Absolute addresses of the pause and leave pages, for every e-mail of the ritual."""
    return {
        action: settings.SITE_URL
        + reverse(f"chocoskype:{action}_link", args=[link_token(member, action)])
        for action in (PAUSE, LEAVE)
    }


def email_link_labels(member) -> list[tuple[str, str]]:
    """The same links, labelled, for the notifications' own e-mails of the ritual (invitations,
    a time picked, a binôme): every e-mail of the ritual lets its reader pause or leave."""
    links = email_links(member)
    return [(_("Pause the ritual:"), links[PAUSE]), (_("Leave the ritual:"), links[LEAVE])]
