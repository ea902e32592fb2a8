"""Pages anyone may open: the directory and profiles (a members-only profile is a visitor's 404)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django.views.i18n import set_language as django_set_language

from events.selectors import events_upcoming_organised_by
from forums.selectors import topics_started_by

from .. import selectors, services
from ..forms import DirectoryFilterForm
from .private import WELCOME_DISMISSED_SESSION_KEY

MEMBERS_PER_PAGE = 24
PROFILE_RECOMMENDATIONS = 10
PROFILE_EVENTS = 5
PROFILE_TOPICS = 5


@vary_on_headers("HX-Request", "HX-Target")
def member_list(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        # cleaned_data keeps the valid filters: an unknown value (a trade since renamed, an
        # edited address) drops that filter only, not the whole shared search.
        form.is_valid()
        filters = form.cleaned_data
    page = Paginator(
        selectors.members_search(viewer=request.user, filters=filters), MEMBERS_PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page_obj": page, "query_string": query.urlencode()}
    if request.htmx and request.htmx.target == "directory-results":
        return render(request, "members/includes/directory_results.html", context)
    return render(request, "members/member_list.html", context)


def member_profile(request, handle: str):
    member = selectors.get_member_for_viewer(request.user, handle)
    recommendations = selectors.recommendations_for_profile(member=member, viewer=request.user)
    is_owner = request.user.pk == member.pk
    show_welcome = is_owner and not request.session.get(WELCOME_DISMISSED_SESSION_KEY, False)
    blockers = selectors.blockers_between(request.user, member)
    return render(
        request,
        "members/profile.html",
        {
            "member": member,
            "is_owner": is_owner,
            "blocked_by_me": request.user.pk in blockers,
            # Blocked either way: no ChocoSkype invitation in either direction.
            "can_invite": bool(
                request.user.is_authenticated
                and not is_owner
                and member.open_to_chocoskype
                and not blockers
            ),
            "recommendations": recommendations[:PROFILE_RECOMMENDATIONS],
            "recommendation_count": recommendations.filter(is_hidden=False).count(),
            "my_recommendation": selectors.recommendation_by(author=request.user, recipient=member),
            "completeness": selectors.profile_completeness(member) if is_owner else None,
            "welcome": selectors.welcome_checklist(member) if show_welcome else None,
            "languages": selectors.language_names(
                language.code for language in member.spoken_languages.all()
            ),
            "recent_topics": topics_started_by(
                author=member, user=request.user, limit=PROFILE_TOPICS
            ),
            "upcoming_events": events_upcoming_organised_by(organiser=member, viewer=request.user)[
                :PROFILE_EVENTS
            ],
        },
    )


@require_POST
def set_language(request):
    """Django's language switcher, which also remembers the choice on a member's account."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.member_language_set(member=request.user, language=request.POST.get("language", ""))
    return response
