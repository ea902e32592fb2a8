"""The development e-mail backend: each message printed as a person reads it.

Django's console backend prints the MIME source, where quoted-printable cuts lines at 76
characters with ``=`` and turns ``=`` into ``=3D``: a verification link is cut in pieces that
neither click nor copy. Here the headers are decoded and the plain-text body is printed as it
was written, each link whole on its line; the HTML alternative and attachments are only named.
"""

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

RULE = "-" * 79


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message) -> None:
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
        ]
        if message.cc:
            lines.append(f"Cc: {', '.join(message.cc)}")
        if message.reply_to:
            lines.append(f"Reply-To: {', '.join(message.reply_to)}")
        lines += [f"Subject: {message.subject}", "", message.body.rstrip("\n"), ""]
        for _content, mimetype in getattr(message, "alternatives", []):
            lines.append(f"[alternative: {mimetype}]")
        for attachment in message.attachments:
            # (filename, content, mimetype) as most code attaches, or a MIME part.
            filename = getattr(attachment, "filename", None) or attachment.get_filename()
            lines.append(f"[attachment: {filename}]")
        self.stream.write("\n".join(lines) + "\n" + RULE + "\n")
