"""The private messages' pages, for signed-in members only: the conversation list, a
conversation (read, answer, new messages every few seconds), writing to a member, leaving,
reporting a message, and who may write to me. A conversation the reader is not in is a 404,
whoever asks (a third member, a moderator)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members.selectors import get_member_for_viewer

from .. import selectors, services
from ..forms import MessageReportForm, NewConversationForm, PreferenceForm, ReplyForm
from ..models import Message

# The largest id the database can hold (a bigint): a larger one names no message.
MESSAGE_ID_MAX = 2**63 - 1


def _message_id(raw: str | None) -> int | None:
    """A message id from a query string; None when absent; a bad request when malformed."""
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdecimal() and len(raw) <= 19):
        raise BadRequest("Malformed message id")
    value = int(raw)
    if not 0 <= value <= MESSAGE_ID_MAX:
        raise BadRequest("Message id out of range")
    return value


def _add_errors(form, error: ValidationError) -> int:
    """Puts a service's refusal on the form (on its field when the form has one) and returns
    the status to answer: 429 past the daily limit, else 400."""
    if hasattr(error, "error_dict"):
        items = [item for errors in error.error_dict.values() for item in errors]
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        items = error.error_list
        form.add_error(None, error)
    return 429 if any(item.code == services.LIMIT_CODE for item in items) else 400


def _sent_notice(request, message: Message) -> None:
    if message.status == Message.Status.HELD:
        messages.warning(
            request,
            _(
                "Your message is held: you sent the same text to several conversations today. "
                "A moderator will read it before it is delivered."
            ),
        )
    else:
        messages.success(request, _("Your message is sent."))


def _sent_url(message: Message) -> str:
    return f"{message.conversation.get_absolute_url()}#message-{message.pk}"


@login_required
def conversation_list(request):
    page = selectors.conversations_of(request.user, page=request.GET.get("page"))
    for participation in page:
        participation.title = selectors.conversation_title(participation.conversation)
    return render(request, "messaging/list.html", {"page_obj": page})


@login_required
def conversation_new(request, handle: str):
    recipient = get_member_for_viewer(request.user, handle)
    if recipient.pk == request.user.pk:
        messages.info(request, _("You cannot write to yourself."))
        return redirect("messaging:list")
    existing = selectors.open_direct_conversation(request.user, recipient)
    if request.method != "POST" and existing is not None:
        # Writing again to the same member goes on in the conversation they already have.
        return redirect(f"{existing.get_absolute_url()}#reply")
    if existing is None and not selectors.may_write(request.user, recipient):
        messages.error(
            request,
            _("%(name)s does not accept messages from you.") % {"name": recipient.public_name},
        )
        return redirect(recipient.get_absolute_url())
    form = NewConversationForm(request.POST or None, author=request.user, recipient=recipient)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                message = services.conversation_start(
                    author=request.user,
                    recipients=[recipient, *data["others"]],
                    body=data["body"],
                    subject=data["subject"],
                )
            except ValidationError as error:
                status = _add_errors(form, error)
            else:
                _sent_notice(request, message)
                return redirect(_sent_url(message))
    return render(
        request, "messaging/new.html", {"form": form, "recipient": recipient}, status=status
    )


def _conversation_page(request, participant, *, form=None, status=200):
    conversation = participant.conversation
    before = _message_id(request.GET.get("before"))
    after = _message_id(request.GET.get("after"))
    page = selectors.messages_page(
        conversation_id=conversation.pk, viewer=request.user, before=before, after=after
    )
    participants = selectors.participants_of(conversation.pk, viewer=request.user)
    conversation.others = [p for p in participants if p.member_id != request.user.pk]
    read_until = participant.last_read_message_id
    if page.last_id and page.last_id > read_until:
        services.conversation_read(
            member=request.user, conversation=conversation, up_to=page.last_id
        )
    others_here = [p for p in conversation.others if p.left_at is None]
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": conversation,
            "title": selectors.conversation_title(conversation),
            "page": page,
            "participants": participants,
            "first_unread_id": next(
                (
                    m.pk
                    for m in page.messages
                    if m.pk > read_until and m.author_id != request.user.pk
                ),
                None,
            ),
            "form": form or ReplyForm(),
            "alone": not others_here,
            "blocked": any(p.blocked for p in others_here),
        },
        status=status,
    )


@login_required
def conversation_detail(request, pk: int):
    participant = selectors.get_participant(request.user, pk)
    return _conversation_page(request, participant)


@login_required
@require_POST
def message_reply(request, pk: int):
    participant = selectors.get_participant(request.user, pk)
    form = ReplyForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            message = services.message_send(
                author=request.user,
                conversation=participant.conversation,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            status = _add_errors(form, error)
        else:
            _sent_notice(request, message)
            return redirect(_sent_url(message))
    return _conversation_page(request, participant, form=form, status=status)


@login_required
@require_GET
def messages_new(request, pk: int):
    """The messages after ``after``, for the open page's polling (htmx): nothing (204) when
    there is none; the page reloads when there are more than a page of them."""
    participant = selectors.get_participant(request.user, pk)
    if not request.htmx:
        return redirect(participant.conversation.get_absolute_url())
    after = _message_id(request.GET.get("after"))
    if after is None:
        raise BadRequest("No message id")
    new = selectors.messages_after(conversation_id=pk, viewer=request.user, after=after)
    if not new:
        return HttpResponse(status=204)
    if len(new) > selectors.MESSAGES_PER_PAGE:
        return HttpResponse(headers={"HX-Refresh": "true"})
    services.conversation_read(
        member=request.user, conversation=participant.conversation, up_to=new[-1].pk
    )
    return render(
        request,
        "messaging/includes/messages_new.html",
        {"conversation": participant.conversation, "new_messages": new, "last_id": new[-1].pk},
    )


@login_required
def conversation_leave(request, pk: int):
    participant = selectors.get_participant(request.user, pk)
    conversation = participant.conversation
    if request.method == "POST":
        services.conversation_leave(member=request.user, conversation=conversation)
        messages.success(request, _("You left the conversation."))
        return redirect("messaging:list")
    selectors.members_attach([conversation], viewer=request.user)
    return render(
        request,
        "messaging/leave.html",
        {"conversation": conversation, "title": selectors.conversation_title(conversation)},
    )


@login_required
def message_report(request, pk: int):
    message = selectors.message_for_participant(request.user, pk)
    if message.author_id == request.user.pk:
        raise PermissionDenied
    form = MessageReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_report(
                reporter=request.user,
                message=message,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, _("Thank you: the moderators will look at your report."))
        return redirect(message.get_absolute_url())
    return render(
        request,
        "messaging/report.html",
        {"form": form, "message": message},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def preferences(request):
    form = PreferenceForm(
        request.POST or None, initial={"accepts_from": selectors.accepts_from(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        services.preference_set(member=request.user, accepts_from=form.cleaned_data["accepts_from"])
        messages.success(request, _("Your choice is saved."))
        return redirect("messaging:settings")
    return render(
        request,
        "messaging/settings.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
