"""Ways for apps built on members to take part in what happens to an account, without members
importing them (they register in their AppConfig.ready()).

- Export sections: an app that keeps data of a member's adds it to the member's data export
  (GDPR portability, members.services.member_export_data) under a name of its own.
- Account erasures: deleting an account keeps its row (what the member wrote stays, by a
  “deleted member”: members.services.member_account_delete), so nothing is deleted by CASCADE.
  An app whose rows are the member's own data, and not words others replied to, erases them
  here, in the transaction that deletes the account.
"""

from collections.abc import Callable
from dataclasses import dataclass

# Each returns what the export holds under its name: JSON-serialisable data (strings, numbers,
# booleans, None, lists and dicts of them).
ExportSection = Callable[[object], object]
AccountErasure = Callable[[object], None]

_export_sections: dict[str, ExportSection] = {}
_account_erasures: list[AccountErasure] = []


def register_export_section(name: str, section: ExportSection) -> None:
    """Adds ``section(member)`` to every member's data export under ``name``."""
    registered = _export_sections.get(name)
    if registered is not None and registered is not section:
        raise ValueError(f"The export already has a section named {name!r}.")
    _export_sections[name] = section


def export_sections(member) -> dict[str, object]:
    return {name: section(member) for name, section in _export_sections.items()}


def register_account_erasure(erasure: AccountErasure) -> None:
    """Calls ``erasure(member)`` when the member deletes their account."""
    if erasure not in _account_erasures:
        _account_erasures.append(erasure)


def account_erase(member) -> None:
    for erasure in _account_erasures:
        erasure(member)


# --- Profile actions -----------------------------------------------------------------------
# Buttons an app adds to a member's profile and directory card for the member who reads it
# (“Write”). What an action depends on is read as annotations of the query that loads the
# members (``profile_actions_annotate``, called by members.selectors.members_search and
# get_member_for_viewer), so that a page of cards costs no query more; a member read by
# another query carries no annotation, and its provider offers no action.


@dataclass(frozen=True)
class ProfileAction:
    label: str
    url: str
    # A Bootstrap Icons name, without its “bi-” prefix.
    icon: str = ""


# ``annotate(members, viewer)`` returns the queryset with what ``action(member, viewer)`` reads;
# ``action`` returns the button for that member, or None.
ProfileActionsAnnotate = Callable[[object, object], object]
ProfileActionOf = Callable[[object, object], ProfileAction | None]

_profile_actions: list[tuple[ProfileActionsAnnotate, ProfileActionOf]] = []


def register_profile_action(*, annotate: ProfileActionsAnnotate, action: ProfileActionOf) -> None:
    """Adds ``action(member, viewer)`` to every profile and directory card."""
    if all(registered != action for _annotate, registered in _profile_actions):
        _profile_actions.append((annotate, action))


def profile_actions_annotate(members, viewer):
    """The members' queryset with what every registered action needs to know of each."""
    for annotate, _action in _profile_actions:
        members = annotate(members, viewer)
    return members


def profile_actions(member, viewer) -> list[ProfileAction]:
    """The buttons shown to ``viewer`` for ``member``, in the order the apps registered them."""
    return [found for _annotate, action in _profile_actions if (found := action(member, viewer))]


# --- Profile sections ------------------------------------------------------------------------
# A part of a member's profile page that an app built on members shows (the referrals passed on
# between members, next to the recommendations): given (member shown, viewer), a template and its
# context, or None to show nothing.


@dataclass(frozen=True)
class ProfileSection:
    template: str
    context: dict


ProfileSectionBuilder = Callable[[object, object], ProfileSection | None]

_profile_sections: list[ProfileSectionBuilder] = []


def register_profile_section(section: ProfileSectionBuilder) -> None:
    """Shows ``section(member, viewer)`` on every profile, under the recommendations."""
    if section not in _profile_sections:
        _profile_sections.append(section)


def profile_sections(member, viewer) -> list[ProfileSection]:
    return [
        shown for section in _profile_sections if (shown := section(member, viewer)) is not None
    ]
