"""Reading the forums: what visitors and members both see."""

from django.core.paginator import Page
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.pagecache import cache_page_for_visitors
from core.paging import KnownCountPaginator
from core.usertext import html_excerpt

from .. import selectors, services
from ..forms import ReplyForm, SearchForm
from ..models import POSTS_PER_PAGE, Post, Tag
from ..page_cache import lists_scopes, topic_scope, topic_scopes
from ..permissions import can_accept_solution, can_moderate, can_post
from ..selectors import TOPIC_VIEWS

QUOTE_MAX_CHARS = 1500
# The question and its answer as plain text in the structured data: search engines show it as is.
QAPAGE_TEXT_MAX_CHARS = 2000


@cache_page_for_visitors(lists_scopes)
def index(request):
    return render(
        request,
        "forums/index.html",
        {"categories": selectors.categories_visible_to(request.user)},
    )


@cache_page_for_visitors(lists_scopes)
def category_detail(request, slug: str):
    category = selectors.get_category_for_reader(request.user, slug)
    view = request.GET.get("view", "latest")
    if view not in TOPIC_VIEWS or (view == "mine" and not request.user.is_authenticated):
        view = "latest"
    tag = (
        Tag.objects.filter(slug=request.GET.get("tag", "")).first()
        if "tag" in request.GET
        else None
    )
    page = selectors.topics_page(
        user=request.user, category=category, view=view, tag=tag, page=request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "forums/category.html",
        {
            "category": category,
            "page_obj": page,
            "view": view,
            "tag": tag,
            "tags": selectors.tags_all() if request.GET.get("tags") != "0" else [],
            "query_string": query.urlencode(),
            "can_post": can_post(request.user),
            "reader": selectors.reader_state_for(request.user, topics=page.object_list),
        },
    )


@cache_page_for_visitors(topic_scopes)
def topic_detail(request, pk: int, slug: str | None = None):
    topic = selectors.get_topic_for_reader(request.user, pk, for_page=True)
    if slug != topic.slug:
        target = topic.get_absolute_url()
        if request.META.get("QUERY_STRING"):
            target += "?" + request.META["QUERY_STRING"]
        return redirect(target, permanent=True)
    page_number = min(max(1, _int(request.GET.get("page"), 1)), topic.page_count)
    posts = selectors.posts_page(user=request.user, topic=topic, page=page_number)
    # The topic keeps its number of posts: its pages are known without a COUNT.
    posts_paginator = KnownCountPaginator((), POSTS_PER_PAGE, count=topic.last_post_number)
    user = request.user
    reply_form = None
    draft = None
    if can_post(user) and (not topic.is_locked or can_moderate(user)):
        draft = selectors.draft_for(member=user, topic=topic)
        reply_form = ReplyForm(initial={"body": _quote_or_draft(request, topic, draft)})
    is_moderator = can_moderate(user)
    # The question as the page's description and structured data: never a text members do not
    # see (hidden or deleted), whoever reads.
    first_post = posts[0] if posts and posts[0].number == 1 and posts[0].is_visible else None
    # The page shows what the member had read before this visit (“jump to the first unread”).
    reader = selectors.reader_state_for(user, posts=posts, topic=topic)
    response = render(
        request,
        "forums/topic.html",
        {
            "topic": topic,
            "posts": posts,
            "page_obj": Page(posts, page_number, posts_paginator),
            "reply_form": reply_form,
            "draft": draft,
            "is_moderator": is_moderator,
            "can_post": can_post(user),
            "first_post": first_post,
            "qapage": _qapage(request, topic, first_post),
            "reader": reader,
            "topic_scope": topic_scope(topic.pk),
            "posts_shown": selectors.topic_posts_shown(
                topic=topic, posts=posts, reader=reader, user=user
            ),
            "can_accept_solution": can_accept_solution(user, topic),
        },
    )
    if posts and user.is_authenticated:
        services.topic_mark_read(
            member=user,
            topic_id=topic.pk,
            number=posts[-1].number,
            known_last_read=reader.last_read_numbers.get(topic.pk),
        )
    return response


def _qapage(request, topic, first_post) -> dict | None:
    """schema.org QAPage data for a solved question, on the page that shows the question."""
    solution = topic.solution
    if first_post is None or solution is None or not topic.category.is_questions:
        return None
    if not solution.is_visible:
        # A hidden or deleted answer must not live on in the page's structured data.
        return None
    return {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": {
            "@type": "Question",
            "name": topic.title,
            "text": html_excerpt(first_post.body_html, QAPAGE_TEXT_MAX_CHARS),
            "answerCount": topic.reply_count,
            "dateCreated": topic.created_at.isoformat(),
            "author": {"@type": "Person", "name": topic.author.public_name},
            "acceptedAnswer": {
                "@type": "Answer",
                "text": html_excerpt(solution.body_html, QAPAGE_TEXT_MAX_CHARS),
                "dateCreated": solution.created_at.isoformat(),
                "url": request.build_absolute_uri(solution.get_absolute_url()),
                "upvoteCount": solution.like_count,
                "author": {"@type": "Person", "name": solution.author.public_name},
            },
        },
    }


def _quote_or_draft(request, topic, draft) -> str:
    quoted_pk = _int(request.GET.get("quote"), None)
    if quoted_pk is not None:
        quoted = next(
            iter(Post.objects.visible().filter(pk=quoted_pk, topic=topic).select_related("author")),
            None,
        )
        if quoted is not None:
            lines = quoted.body[:QUOTE_MAX_CHARS].splitlines()
            said = _("@%(handle)s wrote:") % {"handle": quoted.author.username}
            return "> " + said + "\n" + "\n".join(f"> {line}" for line in lines) + "\n\n"
    return draft.body if draft else ""


def post_permalink(request, pk: int):
    """A post's lasting address: the page of its topic where it stands, scrolled to it."""
    return redirect(selectors.get_post_for_reader(request.user, pk).get_location_url())


@cache_page_for_visitors(lists_scopes)
def search(request):
    form = SearchForm(request.GET or None, user=request.user)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        results = selectors.posts_search(
            user=request.user,
            filters=selectors.SearchFilters(
                query=data["q"].strip(),
                category=data["category"],
                tag=data["tag"],
                author=data["author"].strip(),
                since=data["since"],
                solved_only=data["solved"],
            ),
            page=request.GET.get("page"),
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "forums/search.html",
        {"form": form, "results": results, "query_string": query.urlencode()},
    )


def _int(raw, default):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default
