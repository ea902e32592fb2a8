"""The moderators' group: staff who keep the place healthy without being superusers."""

from django.contrib.auth.models import Group, Permission

MODERATORS_GROUP = "Modérateurs"

# app_label.codename of what moderators may do in the admin; later apps add theirs here.
MODERATOR_PERMISSIONS = [
    "members.view_member",
    "members.change_member",
    "members.view_trade",
    "members.view_skill",
    "members.view_recommendation",
    "members.change_recommendation",
    "moderation.view_report",
    "moderation.change_report",
    "moderation.view_moderationaction",
    "forums.moderate_forums",
    "forums.view_category",
    "forums.view_tag",
    "forums.view_topic",
    "forums.change_topic",
    "forums.view_post",
    "forums.change_post",
    # The edit history shown inline on a post's admin page.
    "forums.view_postrevision",
    "events.view_event",
    "events.change_event",
    "events.view_eventseries",
    "events.view_rsvp",
    # The ChocoSkype ritual: moderators exclude a member from pairing (or readmit them).
    "chocoskype.view_participant",
    "chocoskype.change_participant",
    "chocoskype.view_round",
    "chocoskype.view_pairing",
    "chocoskype.view_pairingmember",
    "chocoskype.view_binome",
    # The contact page's messages, which moderators mark as handled.
    "legal.view_contactmessage",
    "legal.change_contactmessage",
    # The rates observatory's review queue: reports left out as outliers, restored or removed.
    "rates.view_ratereport",
    "rates.review_ratereport",
    "rates.view_service",
    # Private messages: only those held for review or reported, with the few around each.
    "messaging.view_messageunderreview",
    "messaging.change_messageunderreview",
    # Missions: moderators hide an abusive one (or show it again).
    "missions.view_mission",
    "missions.change_mission",
]


def moderators_group_sync(**kwargs) -> Group:
    """Creates the group and grants exactly its permissions; runs after every migrate."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    wanted = [name.split(".", 1) for name in MODERATOR_PERMISSIONS]
    permissions = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={codename for _, codename in wanted},
    ).select_related("content_type")
    group.permissions.set(
        [p for p in permissions if [p.content_type.app_label, p.codename] in wanted]
    )
    return group
