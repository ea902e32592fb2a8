"""Writing in the forums: members' own actions. Every write goes through forums.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from moderation.services import report_create

from .. import selectors, services
from ..forms import (
    DraftForm,
    NotificationLevelForm,
    PostBookmarkForm,
    PostEditForm,
    PostLikeForm,
    PostReportForm,
    PreviewForm,
    ReplyForm,
    TopicForm,
)
from ..models import TITLE_MAX_LENGTH, Category, Tag
from ..permissions import can_edit_post, can_post


def _add_errors(form, error: ValidationError) -> None:
    """Puts a service's refusal on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _require_poster(user) -> None:
    if not can_post(user):
        raise PermissionDenied


@login_required
def topic_new(request):
    _require_poster(request.user)
    draft = selectors.draft_for(member=request.user, topic=None)
    initial = {"category": request.GET.get("category")}
    if draft:
        initial.update(
            title=draft.title,
            body=draft.body,
            category=draft.category.slug if draft.category else initial["category"],
            tags=[slug for slug in draft.tags.split(",") if slug],
        )
    form = TopicForm(request.POST or None, initial=initial, user=request.user)
    preview = None
    if request.method == "POST":
        if "preview" in request.POST:
            preview = services.body_render(request.POST.get("body", ""))[0]
        elif form.is_valid():
            data = form.cleaned_data
            try:
                topic = services.topic_create(
                    author=request.user,
                    category=data["category"],
                    title=data["title"],
                    body=data["body"],
                    tags=list(data["tags"]),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                _say_posted(request, topic.first_post, draft_key="new-topic")
                return redirect(topic.get_absolute_url())
    return render(
        request,
        "forums/topic_new.html",
        {"form": form, "preview": preview, "draft": draft},
    )


def _say_posted(request, post, *, draft_key: str) -> None:
    if post.status == "held":
        text = _("Thank you! Your message will appear once a moderator has approved it.")
    else:
        text = _("Your message is published.")
    # The page that follows tells the browser's local copy of the draft that it was sent; the
    # copy is named by its member too (forums/includes/composer.html).
    messages.success(request, text, extra_tags=f"draft-sent:{request.user.pk}:{draft_key}")


@login_required
def reply(request, pk: int):
    topic = selectors.get_topic_for_reader(request.user, pk)
    _require_poster(request.user)
    form = ReplyForm(request.POST or None)
    preview = None
    if request.method == "POST":
        if "preview" in request.POST:
            preview = services.body_render(request.POST.get("body", ""))[0]
        elif form.is_valid():
            try:
                post = services.post_create(
                    author=request.user, topic=topic, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                _say_posted(request, post, draft_key=f"reply-{topic.pk}")
                return redirect(post.get_absolute_url())
    return render(
        request,
        "forums/reply.html",
        {"topic": topic, "form": form, "preview": preview},
    )


@login_required
@require_GET
def topics_similar(request):
    """What the new topic form suggests under its title as it is typed (htmx): topics that may
    already answer it, among those the member may open."""
    title = request.GET.get("title", "")[:TITLE_MAX_LENGTH]
    return render(
        request,
        "forums/includes/similar_topics.html",
        {"similar_topics": selectors.topics_similar(user=request.user, title=title)},
    )


@require_POST
def preview(request):
    """The live preview (htmx): the same rendering as on save, mentions included."""
    form = PreviewForm(request.POST)
    html = services.body_render(form.data.get("body", "")[: services.BODY_MAX_LENGTH])[0]
    return render(request, "forums/includes/preview.html", {"preview": html})


@login_required
@require_POST
def draft_save(request):
    form = DraftForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    topic = None
    if topic_pk := form.cleaned_data["topic"]:
        topic = selectors.get_topic_for_reader(request.user, topic_pk)
    category = (
        Category.objects.visible_to(request.user).filter(slug=form.cleaned_data["category"]).first()
    )
    services.draft_save(
        member=request.user,
        topic=topic,
        category=category,
        title=form.cleaned_data["title"],
        body=form.cleaned_data["body"],
        tags=",".join(form.cleaned_data["tags"]),
    )
    return HttpResponse(status=204)


@login_required
def post_edit(request, pk: int):
    post = selectors.get_post_for_reader(request.user, pk)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    by_moderator = post.author_id != request.user.pk
    edits_title = post.number == 1
    form = PostEditForm(
        request.POST or None,
        initial={"title": post.topic.title, "body": post.body},
        edits_title=edits_title,
        reason_required=by_moderator,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                editor=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The post has been updated."))
            return redirect(post.get_absolute_url())
    return render(request, "forums/post_edit.html", {"form": form, "post": post})


@login_required
@require_POST
def post_delete(request, pk: int):
    post = selectors.get_post_for_reader(request.user, pk)
    try:
        services.post_delete(member=request.user, post=post)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(post.get_absolute_url())
    messages.success(request, _("Your post has been deleted."))
    if post.number == 1:
        return redirect(post.topic.category.get_absolute_url())
    # Its permalink is a 404 now: back to its place in the topic, which says it was deleted.
    return redirect(post.get_location_url())


@login_required
@require_POST
@vary_on_headers("HX-Request")
def post_like(request, pk: int):
    """Likes a post or takes the like back, as the button asks (``liked=1`` or ``0``)."""
    post = selectors.get_post_for_reader(request.user, pk)
    form = PostLikeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    liked = form.cleaned_data["liked"]
    try:
        post.like_count = services.post_like_set(member=request.user, post=post, liked=liked)
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(error.messages[0], status=400)
        messages.error(request, error.messages[0])
        return redirect(post.get_absolute_url())
    if request.htmx:
        reader = selectors.ReaderState(liked_post_ids=frozenset({post.pk} if liked else ()))
        return render(request, "forums/includes/like_button.html", {"post": post, "reader": reader})
    return redirect(post.get_absolute_url())


@login_required
@require_POST
@vary_on_headers("HX-Request")
def post_bookmark(request, pk: int):
    """Bookmarks a post or takes the bookmark away, as the button asks (``bookmarked=1`` or
    ``0``)."""
    post = selectors.get_post_for_reader(request.user, pk)
    form = PostBookmarkForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    bookmarked = form.cleaned_data["bookmarked"]
    services.post_bookmark_set(member=request.user, post=post, bookmarked=bookmarked)
    if request.htmx:
        reader = selectors.ReaderState(
            bookmarked_post_ids=frozenset({post.pk} if bookmarked else ())
        )
        return render(
            request, "forums/includes/bookmark_button.html", {"post": post, "reader": reader}
        )
    messages.success(
        request,
        _("Saved in your bookmarks.") if bookmarked else _("Removed from your bookmarks."),
    )
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_solution(request, pk: int):
    post = selectors.get_post_for_reader(request.user, pk)
    topic = selectors.get_topic_for_reader(request.user, post.topic_id)
    accept = request.POST.get("accept", "1") == "1"
    try:
        services.solution_set(member=request.user, topic=topic, post=post if accept else None)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("This reply is now the accepted answer.")
            if accept
            else _("The answer is no longer marked as accepted."),
        )
    return redirect(post.get_absolute_url())


@login_required
def post_report(request, pk: int):
    post = selectors.get_post_for_reader(request.user, pk)
    if post.author_id == request.user.pk:
        raise PermissionDenied
    _require_poster(request.user)
    form = PostReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_create(
                reporter=request.user,
                target=post,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, _("Thank you: the moderators will look at your report."))
        return redirect(post.get_absolute_url())
    return render(request, "forums/post_report.html", {"form": form, "post": post})


@login_required
@require_POST
def topic_notification_level(request, pk: int):
    topic = selectors.get_topic_for_reader(request.user, pk)
    form = NotificationLevelForm(request.POST)
    if form.is_valid():
        services.topic_notification_level_set(
            member=request.user, topic=topic, level=form.cleaned_data["level"]
        )
        messages.success(request, _("Your notification setting for this topic is saved."))
    return redirect(topic.get_absolute_url())


@login_required
def topic_first_unread(request, pk: int):
    topic = selectors.get_topic_for_reader(request.user, pk, with_read_state=True)
    number = selectors.first_unread_number(topic)
    page = (number - 1) // selectors.POSTS_PER_PAGE + 1
    url = topic.get_absolute_url() + (f"?page={page}" if page > 1 else "")
    return redirect(f"{url}#post-{number}")


@login_required
@require_POST
def category_mark_read(request, slug: str):
    category = selectors.get_category_for_reader(request.user, slug)
    services.category_mark_read(member=request.user, category=category)
    messages.success(request, _("Every topic of this board is marked as read."))
    return redirect(category.get_absolute_url())


@login_required
@require_POST
def category_watch(request, slug: str):
    category = selectors.get_category_for_reader(request.user, slug)
    watching = services.category_watch_toggle(member=request.user, category=category)
    messages.success(
        request,
        _("You now watch this board: you will hear of every new topic.")
        if watching
        else _("You no longer watch this board."),
    )
    return redirect(category.get_absolute_url())


@login_required
@require_POST
def tag_watch(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    watching = services.tag_watch_toggle(member=request.user, tag=tag)
    messages.success(
        request,
        _("You now watch the tag “%(tag)s”.") % {"tag": tag.name}
        if watching
        else _("You no longer watch the tag “%(tag)s”.") % {"tag": tag.name},
    )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "forums:index"
    return redirect(next_url)


@login_required
def bookmarks(request):
    return render(
        request,
        "forums/bookmarks.html",
        {"bookmarks": selectors.bookmarks_of(request.user)[:200]},
    )
