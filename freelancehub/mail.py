"""Outgoing e-mail: every message leaves through a background task, never inside a request."""

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
) -> None:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def email_enqueue(message: EmailMessage) -> None:
    """Hands a rendered message to the task backend.

    Task arguments must be JSON, so the message travels as its parts (plain text, HTML
    alternative, headers) and is rebuilt by the worker.
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
    )


def email_send(
    *, to: str, subject: str, text_template: str, html_template: str, context: dict
) -> None:
    """Renders a message in the active language, as text and HTML, and sends it through a task.

    Links in e-mails must be absolute: templates get ``site_url`` to prefix paths with.
    """
    context = {"site_url": settings.SITE_URL, **context}
    email_enqueue(
        EmailMultiAlternatives(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string(text_template, context),
            to=[to],
            alternatives=[(render_to_string(html_template, context), "text/html")],
        )
    )
