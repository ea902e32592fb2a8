"""A member's own pages: profile, preferences, data export, account deletion, recommendations."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from core.usertext import render_markdown

from .. import selectors, services
from ..avatars import avatar_data_url
from ..forms import (
    AccountDeleteForm,
    PreferencesForm,
    ProfileForm,
    RecommendationForm,
    ReportForm,
)
from ..models import Member, Recommendation


def _require_can_post(member: Member) -> None:
    if not member.can_post:
        raise PermissionDenied


@login_required
@vary_on_headers("HX-Request")
def profile_edit(request):
    # The form writes typed values into its instance: keep request.user (the navbar's) intact.
    editable = Member.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=editable)
    wants_preview = "preview" in request.POST
    if request.method == "POST" and form.is_valid() and not wants_preview:
        member = services.profile_update(
            member=editable,
            fields={
                name: form.cleaned_data[name]
                for name in ProfileForm.Meta.fields
                if name != "trades"
            },
            trades=list(form.cleaned_data["trades"]),
            skill_names=form.cleaned_data["skills_text"],
            language_codes=form.cleaned_data["spoken_languages"],
            avatar=form.cleaned_data["avatar_upload"],
            remove_avatar=form.cleaned_data["remove_avatar"],
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("members:profile", handle=member.username)
    context = {
        "form": form,
        "preview": _profile_preview(form) if request.method == "POST" else _profile_shown(editable),
        "completeness": selectors.profile_completeness(request.user),
    }
    if request.htmx and wants_preview:
        return render(request, "members/includes/profile_preview.html", context)
    return render(request, "members/profile_edit.html", context)


def _profile_shown(member: Member) -> dict:
    """What the public profile shows now, for the preview before anything is typed."""
    return {
        "member": member,
        "bio_html": member.bio_html,
        "trades": member.trades.all(),
        "skills": member.skills.all(),
        "languages": selectors.language_names(
            language.code for language in member.spoken_languages.all()
        ),
    }


def _profile_preview(form: ProfileForm) -> dict:
    """What the public profile would show with the typed values, before saving."""
    data = form.cleaned_data if form.is_valid() else {}
    avatar = getattr(form, "cleaned_data", {}).get("avatar_upload")
    return {
        "member": form.instance,
        "bio_html": render_markdown(form.data.get("bio", "")),
        "trades": data.get("trades", []),
        "skills": data.get("skills_text", []),
        "languages": selectors.language_names(data.get("spoken_languages", [])),
        # A picture chosen but not saved yet shows inline: it has no address of its own.
        "avatar_src": avatar_data_url(avatar) if avatar else "",
    }


# The welcome checklist's dismissal lasts as long as the session: the profile has no field for
# it yet (one needs a migration of the members app), and a newcomer seldom signs out.
WELCOME_DISMISSED_SESSION_KEY = "members_welcome_dismissed"


@login_required
def welcome(request):
    """Where a newcomer lands once their address is confirmed: their first steps, each ticked
    from their own data."""
    return render(
        request,
        "members/welcome.html",
        {
            "checklist": selectors.welcome_checklist(request.user),
            "dismissed": request.session.get(WELCOME_DISMISSED_SESSION_KEY, False),
            "introductions_board": selectors.INTRODUCTIONS_BOARD,
        },
    )


@login_required
@require_POST
def welcome_dismiss(request):
    request.session[WELCOME_DISMISSED_SESSION_KEY] = True
    messages.success(
        request,
        _("The welcome checklist is hidden from your profile page; a link to it stays there."),
    )
    return redirect("home")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.member_preferences_update(
            member=request.user,
            display_name=form.cleaned_data["display_name"],
            language=form.cleaned_data["language"],
            timezone_name=form.cleaned_data["timezone"],
        )
        messages.success(request, _("Your preferences have been saved."))
        return redirect("members:preferences")
    return render(
        request,
        "members/preferences.html",
        {"form": form, "blocks": selectors.blocks_by(request.user)},
    )


@login_required
def data_export(request):
    data = services.member_export_data(member=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"freelancehub-{request.user.username}-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@reauthentication_required
def account_delete(request):
    """Asks for the password again first (allauth's reauthentication, valid for a few minutes):
    a session left open on a shared computer must not be enough to erase an account."""
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_account_delete(member=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for your help here."))
        return redirect("home")
    return render(request, "members/account_delete.html", {"form": form})


@login_required
def block(request, handle: str):
    """Asks first (a GET changes nothing); a blocked member can no longer invite or be paired
    with the one who blocked them."""
    blocked = selectors.get_member_for_viewer(request.user, handle)
    if request.method == "POST":
        try:
            services.member_block(blocker=request.user, blocked=blocked)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("%(name)s is blocked.") % {"name": blocked.public_name})
        return redirect("members:profile", handle=blocked.username)
    return render(request, "members/block.html", {"blocked": blocked})


@login_required
@require_POST
def unblock(request, handle: str):
    blocked = get_object_or_404(Member, username=handle.lower())
    services.member_unblock(blocker=request.user, blocked=blocked)
    messages.success(request, _("%(name)s is no longer blocked.") % {"name": blocked.public_name})
    if request.POST.get("next") == "preferences":
        return redirect("members:preferences")
    return redirect("members:profile", handle=blocked.username)


@login_required
def recommend(request, handle: str):
    recipient = selectors.get_member_for_viewer(request.user, handle)
    if recipient.pk == request.user.pk:
        messages.error(request, _("You cannot recommend yourself."))
        return redirect("members:profile", handle=handle)
    _require_can_post(request.user)
    existing = selectors.recommendation_by(author=request.user, recipient=recipient)
    form = RecommendationForm(request.POST or None, instance=existing, recipient=recipient)
    if request.method == "POST" and form.is_valid():
        try:
            _recommendation, created = services.recommendation_save(
                author=request.user,
                recipient=recipient,
                trade=form.cleaned_data["trade"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your recommendation has been published.")
                if created
                else _("Your recommendation has been updated."),
            )
            return redirect("members:profile", handle=recipient.username)
    return render(
        request,
        "members/recommend.html",
        {"form": form, "recipient": recipient, "existing": existing},
    )


@login_required
@require_POST
def recommendation_visibility(request, pk: int):
    recommendation = get_object_or_404(Recommendation, pk=pk, recipient=request.user)
    hidden = request.POST.get("hidden") == "1"
    services.recommendation_set_hidden(
        member=request.user, recommendation=recommendation, hidden=hidden
    )
    messages.success(
        request,
        _("The recommendation is hidden from your profile.")
        if hidden
        else _("The recommendation shows on your profile again."),
    )
    return redirect("members:profile", handle=request.user.username)


@login_required
def recommendation_report(request, pk: int):
    recommendation = get_object_or_404(
        Recommendation.objects.not_removed().select_related("author", "recipient"),
        pk=pk,
        recipient__in=Member.objects.visible_to(request.user),
    )
    if recommendation.is_hidden and recommendation.recipient_id != request.user.pk:
        raise Http404  # hidden from everyone but its recipient: nothing to report
    if recommendation.author_id == request.user.pk:
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_report(
                reporter=request.user,
                recommendation=recommendation,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, _("Thank you: the moderators will look at your report."))
        return redirect("members:profile", handle=recommendation.recipient.username)
    return render(
        request,
        "members/report.html",
        {"form": form, "recommendation": recommendation},
    )
