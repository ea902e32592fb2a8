from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members.models import Member

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification

NOTIFICATIONS_PER_PAGE = 50
# The largest id the database can hold (a bigint): a larger one names no notification.
NOTIFICATION_ID_MAX = 2**63 - 1


@login_required
def notification_list(request):
    page = selectors.notifications_page(
        member=request.user, page=request.GET.get("page"), per_page=NOTIFICATIONS_PER_PAGE
    )
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "days": selectors.notifications_by_day(page)},
    )


@login_required
def notification_open(request, pk: int):
    """Marks a notification read and goes to what it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notifications_mark_read(member=request.user, notification_ids=[notification.pk])
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        raise Http404
    return redirect(notification.url)


@login_required
@require_POST
def notifications_read(request):
    ids = request.POST.getlist("notification")
    # Named notifications only, when some are named: a malformed id must not mean "all".
    services.notifications_mark_read(
        member=request.user, notification_ids=_notification_ids(ids) if ids else None
    )
    if ids:
        messages.success(request, _("Marked as read."))
    else:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


def _notification_ids(values: list[str]) -> list[int]:
    """The ids a form names, each a notification id the database can hold; any other value
    makes the request a bad one."""
    ids = []
    for value in values:
        # ASCII digits only: "²" passes str.isdigit() and int() refuses it; a bigint has 19 digits.
        if not (value.isascii() and value.isdecimal() and len(value) <= 19):
            raise BadRequest("Malformed notification id")
        ids.append(int(value))
    if not all(0 < pk <= NOTIFICATION_ID_MAX for pk in ids):
        raise BadRequest("Notification id out of range")
    return ids


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, current=selectors.channels_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_set(member=request.user, channels=form.cleaned_data)
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # The signed token is the authority; mail clients send RFC 8058 one-click POSTs.
def unsubscribe(request, token: str):
    """Stops one kind of e-mail for a member, from a signed link, without signing in."""
    data = services.unsubscribe_read(token)
    if data is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    member = get_object_or_404(Member, pk=data[0], is_active=True)
    key = data[1]
    done = request.method == "POST"
    if done:
        services.unsubscribe_apply(member=member, key=key)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"label": services.unsubscribe_label(key), "done": done},
    )
