"""In development the links the site writes (e-mails, .ics files, Google Calendar, join links)
lead back to the server that runs, whatever its port, and e-mails print with whole links."""

import io
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from core.mail_console import EmailBackend

READ_SETTINGS = "from django.conf import settings; print(settings.SITE_URL); print({backend})"


def development_settings(argv: list[str], **environment: str) -> list[str]:
    """SITE_URL and the mail backend of a fresh development process started with this argv."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SITE_URL", "EMAIL_HOST", "EMAIL_BACKEND"}
        and not name.startswith(("PYTEST", "DJANGO"))
    }
    env.update(DJANGO_SETTINGS_MODULE="freelancehub.settings", DEBUG="1", **environment)
    code = (
        f"import sys; sys.argv = {argv!r}; import django; django.setup(); "
        + READ_SETTINGS.format(backend='settings.MAILERS["default"]["BACKEND"]')
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    ("argv", "site_url"),
    [
        (["manage.py", "runserver", "8123"], "http://127.0.0.1:8123"),
        (["manage.py", "runserver", "--noreload", "localhost:8124"], "http://localhost:8124"),
        (["manage.py", "runserver", "0.0.0.0:8125"], "http://127.0.0.1:8125"),
        (["manage.py", "runserver"], "http://127.0.0.1:8000"),
        (["manage.py", "seed_demo"], "http://127.0.0.1:8000"),
    ],
)
def test_in_development_the_site_address_follows_the_server(argv, site_url):
    assert development_settings(argv)[0] == site_url


def test_an_address_given_explicitly_wins():
    argv = ["manage.py", "runserver", "8123"]
    assert development_settings(argv, SITE_URL="https://dev.example/")[0] == "https://dev.example"


def test_development_prints_e_mails_readably_unless_a_mail_server_is_given():
    assert development_settings(["manage.py", "runserver"])[1] == "core.mail_console.EmailBackend"
    with_server = development_settings(["manage.py", "runserver"], EMAIL_HOST="smtp.example")
    assert with_server[1] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_gives_the_server_its_own_address():
    def dry_run(*args: str, **environment: str) -> str:
        env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
        env.update(environment)
        result = subprocess.run(  # noqa: S603
            ["make", "-n", "run", *args],  # noqa: S607
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return next(line for line in result.stdout.splitlines() if "runserver" in line)

    assert "SITE_URL=http://127.0.0.1:8123 " in dry_run("PORT=8123")
    assert "SITE_URL=http://127.0.0.1:8000 " in dry_run()
    assert "SITE_URL=https://dev.example " in dry_run("PORT=8123", SITE_URL="https://dev.example")


def test_the_console_prints_a_long_link_whole_on_one_line():
    link = (
        "http://127.0.0.1:8123/accounts/confirm-email/"
        "MTI:1vQnXb:kQ3x9Zr2pL0aW7yT5uV8sD4fG6hJ1kL3mN5bV7cX9zA0?next=/events/12/&lang=fr"
    )
    message = EmailMultiAlternatives(
        subject="[FreelanceHub] Confirmez votre adresse e-mail",
        body=f"Bonjour Clémence,\n\nPour confirmer votre adresse, ouvrez ce lien :\n{link}\n",
        from_email="FreelanceHub <bonjour@freelancehub.localhost>",
        to=["clemence@example.org"],
    )
    message.attach_alternative(f'<p><a href="{link}">Confirmer</a></p>', "text/html")
    message.attach("afterwork.ics", "BEGIN:VCALENDAR", "text/calendar")
    stream = io.StringIO()

    EmailBackend(stream=stream).send_messages([message])

    lines = stream.getvalue().splitlines()
    assert link in lines
    assert "Subject: [FreelanceHub] Confirmez votre adresse e-mail" in lines
    assert "To: clemence@example.org" in lines
    assert "Bonjour Clémence," in lines
    assert "[alternative: text/html]" in lines
    assert "[attachment: afterwork.ics]" in lines
