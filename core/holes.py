"""The layout's personal part (core/personal.py): the member's menu in the navbar."""

import functools
import threading
from collections import OrderedDict

from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import translation
from django.utils.crypto import salted_hmac

from .personal import Hole, Personal, register_hole

ACCOUNT_MENU_TEMPLATE = "includes/navbar_account.html"
# The menus this process rendered last: the same member's menu, unchanged, is not rendered again.
MENUS_KEPT = 1024


class _Menus:
    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._menus: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            menu = self._menus.get(key)
            if menu is not None:
                self._menus.move_to_end(key)
            return menu

    def put(self, key: tuple, menu: str) -> None:
        with self._lock:
            self._menus[key] = menu
            while len(self._menus) > self.max_entries:
                self._menus.popitem(last=False)


menus = _Menus(MENUS_KEPT)


@functools.cache
def _token_placeholder() -> str:
    # Secret: a display name cannot contain it and be given someone's token.
    return "menu-token-" + salted_hmac("holes.menu", "token", algorithm="sha256").hexdigest()[:24]


def _account_menu(personal: Personal, key: list[int]) -> str:
    member = personal.member
    count = personal.facts.number("unread-notifications", 0) or 0
    # Everything the menu shows: any change (a new name, picture or count) is a new menu.
    shown = (
        member.pk,
        member.public_name,
        member.username,
        member.is_staff,
        str(member.avatar_thumbnail),
        str(member.avatar),
        count,
        translation.get_language(),
    )
    menu = menus.get(shown)
    if menu is None:
        # Rendered without the context processors: the menu needs the member, their bell and
        # the sign-out form's token, nothing else.
        menu = get_template(ACCOUNT_MENU_TEMPLATE).render(
            {"user": member, "unread_notification_count": count, "csrf_token": _token_placeholder()}
        )
        menus.put(shown, menu)
    return menu.replace(_token_placeholder(), get_token(personal.request))


def register() -> None:
    register_hole(
        "account-menu",
        Hole(fill=_account_menu, wants=lambda key: [("unread-notifications", 0)]),
    )
