from django.core.mail import EmailMessage, EmailMultiAlternatives

from core.mail import email_enqueue


def test_email_enqueue_sends_text_html_and_headers_through_the_task(mailoutbox):
    message = EmailMultiAlternatives(
        subject="[FreelanceHub] Nouvelle réponse",
        body="Karim a répondu à votre sujet.",
        from_email="FreelanceHub <bonjour@freelancehub.localhost>",
        to=["claire@example.org"],
        headers={"List-Unsubscribe": "<https://freelancehub.fr/desabonnement/>"},
    )
    message.attach_alternative("<p>Karim a répondu à votre sujet.</p>", "text/html")

    email_enqueue(message)

    (sent,) = mailoutbox
    assert sent.subject == "[FreelanceHub] Nouvelle réponse"
    assert sent.body == "Karim a répondu à votre sujet."
    assert sent.from_email == "FreelanceHub <bonjour@freelancehub.localhost>"
    assert sent.to == ["claire@example.org"]
    assert sent.extra_headers == {"List-Unsubscribe": "<https://freelancehub.fr/desabonnement/>"}
    assert [(a.content, a.mimetype) for a in sent.alternatives] == [
        ("<p>Karim a répondu à votre sujet.</p>", "text/html")
    ]
    mime = sent.message()
    assert mime.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mime.iter_parts()] == ["text/plain", "text/html"]
    assert mime["List-Unsubscribe"] == "<https://freelancehub.fr/desabonnement/>"


def test_email_enqueue_sends_a_plain_text_message_as_is(mailoutbox):
    email_enqueue(EmailMessage("Bonjour", "Bienvenue !", None, ["nina@example.org"]))

    (sent,) = mailoutbox
    assert sent.subject == "Bonjour"
    assert sent.body == "Bienvenue !"
    assert sent.alternatives == []
    assert sent.from_email == "FreelanceHub <bonjour@freelancehub.localhost>"
