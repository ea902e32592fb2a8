"""Input of the private messages' pages; the rules (who may write, limits) are the services'."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member
from moderation.models import Report

from .models import BODY_MAX_LENGTH, MAX_MEMBERS, SUBJECT_MAX_LENGTH, MessagePreference

HANDLE_SEPARATORS = re.compile(r"[\s,;]+")


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown works: **bold**, *italics*, lists, links."),
        error_messages={"required": _("Write your message.")},
    )


class ReplyForm(forms.Form):
    body = _body_field()


class NewConversationForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject (optional)"), max_length=SUBJECT_MAX_LENGTH, required=False
    )
    body = _body_field()
    others = forms.CharField(
        label=_("Also write to (optional)"),
        required=False,
        max_length=300,
        help_text=_(
            "For a group conversation: the handles of up to %(count)s more members, separated "
            "by commas (@lea-redac, @omar-dev)."
        )
        % {"count": MAX_MEMBERS - 2},
    )

    def __init__(self, *args, author, recipient, **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author
        self.recipient = recipient

    def clean_others(self) -> list[Member]:
        handles = {
            handle.lstrip("@").lower()
            for handle in HANDLE_SEPARATORS.split(self.cleaned_data["others"])
            if handle.lstrip("@")
        }
        handles -= {self.author.username.lower(), self.recipient.username.lower()}
        if len(handles) > MAX_MEMBERS - 2:
            raise forms.ValidationError(
                _("A conversation has %(max)s members at most, you included.")
                % {"max": MAX_MEMBERS}
            )
        members = list(Member.objects.active().filter(username__in=handles))
        unknown = sorted(handles - {member.username.lower() for member in members})
        if unknown:
            raise forms.ValidationError(
                _("No member has the handle %(handles)s.")
                % {"handles": ", ".join(f"@{handle}" for handle in unknown)}
            )
        return members


class MessageReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this message?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything the moderators should know?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PreferenceForm(forms.Form):
    accepts_from = forms.ChoiceField(
        label=_("Who may start a conversation with you?"),
        choices=MessagePreference.AcceptsFrom.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "“Met” means a ChocoSkype together, a recommendation either way, an event you both "
            "attended or a conversation you already had. Conversations already started go on; "
            "to stop one, leave it or block the member."
        ),
    )
