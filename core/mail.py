"""Outgoing e-mail: every message leaves through a background task, never inside a request."""

import base64

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string


@task
def send_email_task(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html_body: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> None:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for attachment in attachments or []:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    message.send()


def _attachment_as_json(filename: str, content: str | bytes, mimetype: str) -> dict[str, str]:
    data = content.encode() if isinstance(content, str) else content
    return {
        "filename": filename,
        "content": base64.b64encode(data).decode("ascii"),
        "mimetype": mimetype,
    }


def email_enqueue(message: EmailMessage) -> None:
    """Hands a rendered message to the task backend.

    Task arguments must be JSON, so the message travels as its parts (plain text, HTML
    alternative, headers, attachments in base64) and is rebuilt by the worker. Attachments must
    be given as (filename, content, mimetype), not as MIME objects.
    """
    html_body = ""
    body = message.body
    if isinstance(message, EmailMultiAlternatives):
        html_body = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"), ""
        )
    elif message.content_subtype == "html":
        html_body = body
    send_email_task.enqueue(
        subject=str(message.subject),
        body=body,
        to=list(message.to),
        from_email=message.from_email,
        html_body=html_body,
        headers=dict(message.extra_headers),
        attachments=[
            _attachment_as_json(filename, content, mimetype)
            for filename, content, mimetype in message.attachments
        ],
    )


def email_send(
    *,
    to: str,
    subject: str,
    text_template: str,
    html_template: str,
    context: dict,
    attachments: list[tuple[str, str | bytes, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Renders a message in the active language, as text and HTML, and sends it through a task.

    Links in e-mails must be absolute: templates get ``site_url`` to prefix paths with.
    ``attachments`` are (filename, content, mimetype), e.g. an invitation.ics.
    """
    context = {"site_url": settings.SITE_URL, **context}
    email_enqueue(
        EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string(text_template, context),
            to=[to],
            alternatives=[(render_to_string(html_template, context), "text/html")],
            attachments=attachments or [],
            headers=headers or {},
        )
    )
