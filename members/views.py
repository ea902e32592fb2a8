from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import selectors, services
from .forms import AccountDeleteForm, PreferencesForm

MEMBERS_PER_PAGE = 24


def member_list(request):
    page = Paginator(selectors.members_for_directory(), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "members/member_list.html", {"page_obj": page})


@require_POST
def set_language(request):
    """Django's language switcher, which also remembers the choice on a member's account."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.member_language_set(member=request.user, language=request.POST.get("language", ""))
    return response


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
    return render(request, "members/preferences.html", {"form": form})


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_account_delete(member=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for your help here."))
        return redirect("home")
    return render(request, "members/account_delete.html", {"form": form})
