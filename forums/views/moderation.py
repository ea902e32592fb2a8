"""Moderators' actions from the topic page; the admin offers the same through the services."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import PostModerationForm, TopicModerationForm
from ..models import Category
from ..permissions import can_moderate


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied


@login_required
@require_POST
def topic_moderate(request, pk: int):
    _require_moderator(request.user)
    topic = selectors.get_topic_for_reader(request.user, pk)
    form = TopicModerationForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, error[0])
        return redirect(topic.get_absolute_url())
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    if action == "move":
        services.topic_move(
            moderator=request.user, topic=topic, category=form.cleaned_data["category"],
            reason=reason,
        )  # fmt: skip
        messages.success(request, _("The topic has been moved."))
    else:
        services.topic_flag_set(moderator=request.user, topic=topic, action=action, reason=reason)
        messages.success(request, _("Done: the topic is updated."))
    return redirect(topic.get_absolute_url())


@login_required
def topic_move(request, pk: int):
    """The form to move a topic to another board (posted to topic_moderate)."""
    _require_moderator(request.user)
    topic = selectors.get_topic_for_reader(request.user, pk)
    return render(
        request,
        "forums/topic_move.html",
        {"topic": topic, "categories": Category.objects.exclude(pk=topic.category_id)},
    )


@login_required
@require_POST
def post_moderate(request, pk: int):
    _require_moderator(request.user)
    post = selectors.get_post_for_reader(request.user, pk)
    form = PostModerationForm(request.POST)
    if form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        if action == "hide":
            services.post_hide(moderator=request.user, post=post, reason=reason)
            messages.success(request, _("The post is hidden."))
        elif action == "unhide":
            services.post_unhide(moderator=request.user, post=post, reason=reason)
            messages.success(request, _("The post is visible again."))
        else:
            services.post_approve(moderator=request.user, post=post)
            messages.success(request, _("The post is approved and published."))
    return redirect(post.get_absolute_url())


@login_required
def post_revisions(request, pk: int):
    """An edited post's history, as diffs, for moderators."""
    _require_moderator(request.user)
    post = selectors.get_post_for_reader(request.user, pk)
    revisions = list(post.revisions.select_related("editor").order_by("created_at", "pk"))
    versions = [revision.previous_body for revision in revisions] + [post.body]
    history = []
    for index, revision in enumerate(revisions):
        diff = difflib.unified_diff(
            versions[index].splitlines(), versions[index + 1].splitlines(), lineterm="", n=2
        )
        history.append({"revision": revision, "diff": list(diff)[2:]})
    return render(
        request,
        "forums/post_revisions.html",
        {"post": post, "history": list(reversed(history))},
    )
