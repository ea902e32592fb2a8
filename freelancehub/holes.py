"""The layout's personal part (freelancehub/personal.py): the member's menu in the navbar."""

from django.middleware.csrf import get_token
from django.template.loader import get_template

from .personal import Hole, Personal, register_hole

ACCOUNT_MENU_TEMPLATE = "includes/navbar_account.html"


def _account_menu(personal: Personal, key: list[int]) -> str:
    # Rendered without the context processors: the menu needs the member, their bell and the
    # sign-out form's token, nothing else.
    return get_template(ACCOUNT_MENU_TEMPLATE).render(
        {
            "user": personal.member,
            "unread_notification_count": personal.facts.number("unread-notifications", 0) or 0,
            "csrf_token": get_token(personal.request),
        }
    )


def register() -> None:
    register_hole(
        "account-menu",
        Hole(fill=_account_menu, wants=lambda key: [("unread-notifications", 0)]),
    )
