"""Two-factor authentication in the browser, in French: a moderator sets up an authenticator app
on the way to the moderation, on a phone; a moderator signs in with a code; a member turns it on
from the account menu and off again.

The codes are computed from the secret the page shows, as the authenticator app would.
"""

import re
import time
from pathlib import Path

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, MemberFactory, ModeratorFactory

PHONE = {"width": 360, "height": 740}
RECOVERY_CODE = re.compile(r"^\d{8}$")


def french(text: str) -> re.Pattern[str]:
    """The text as the page says it: allauth's catalogue writes the apostrophe ', ours ’."""
    return re.compile(re.escape(text).replace("'", "['’]"))


def current_code(secret: str) -> str:
    """The code an authenticator app shows now. Near the end of a period the code would expire
    between typing and checking (allauth accepts no other period): wait for the next one."""
    if mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD < 3:
        time.sleep(3)
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def sign_in_with_password(page: Page, member) -> None:
    page.goto(reverse("account_login"))
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def confirm_password(page: Page) -> None:
    """allauth's reauthentication: the password once more before the security settings."""
    expect(page).to_have_url(re.compile(re.escape(reverse("account_reauthenticate"))))
    expect(page.locator("h1")).to_have_text(french("Confirmer l'accès"))
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Confirmer").click()


def activate_with_the_secret_shown(page: Page) -> None:
    """On the activation page: checks the QR code, reads the secret, types the current code."""
    expect(page.locator("h1")).to_have_text(french("Activer l'application d'authentification"))
    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_activate_totp"))))
    qr_code = page.locator("main form img")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("(image) => image.complete && image.naturalWidth > 0")
    secret_field = page.get_by_label(french("Secret d'authentification"))
    expect(secret_field).to_be_visible()
    expect(secret_field).to_be_editable(editable=False)
    secret = secret_field.input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
    # Described for screen readers, not spelled out: the field says the secret.
    assert qr_code.get_attribute("alt") not in ("", None, secret)
    # The member copies it or types it into their app: all of it is in view, even on a phone.
    assert secret_field.evaluate("(field) => field.scrollWidth <= field.clientWidth"), secret
    page.get_by_label(french("Code de l'authentificateur")).fill(current_code(secret))
    page.get_by_role("button", name="Activer").click()


def shown_recovery_codes(page: Page) -> list[str]:
    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_view_recovery_codes"))))
    expect(page.locator("h1")).to_have_text("Codes de récupération")
    expect(page.locator("main")).to_contain_text(french("Application d'authentification activée."))
    codes = page.get_by_label("Codes inutilisés")
    expect(codes).to_be_visible()
    expect(codes).to_be_editable(editable=False)
    return codes.input_value().split()


def test_a_moderator_sets_up_an_authenticator_app_before_the_moderation(
    open_page, sign_in, tmp_path: Path
):
    moderator = ModeratorFactory(two_factor=False, language="fr")
    phone = open_page(locale="fr-FR", viewport=PHONE)
    sign_in(moderator, page=phone)

    # On the way to the activation page, allauth asks for the password again, and that page
    # shows the warning that tells the moderator why they are here.
    phone.goto(reverse("admin:index"))
    expect(phone.get_by_role("status")).to_contain_text(
        french("configurez une application d'authentification pour ouvrir la modération")
    )
    confirm_password(phone)

    expect(phone.locator("h1")).to_have_text(french("Activer l'application d'authentification"))
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    # Kept under pytest's temporary directory, to see the page as a phone shows it.
    phone.screenshot(path=tmp_path / "activation-phone.png", full_page=True)
    scroll_width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"the page scrolls sideways ({scroll_width} px)"
    activate_with_the_secret_shown(phone)

    codes = shown_recovery_codes(phone)
    assert len(codes) == mfa_settings.RECOVERY_CODE_COUNT
    assert all(RECOVERY_CODE.match(code) for code in codes), codes
    assert Authenticator.objects.filter(user=moderator).count() == 2

    # allauth forgets where the moderator was going: the page shows the way on.
    phone.locator(f"main a[href='{reverse('admin:index')}']").click()
    expect(phone).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
    expect(phone.locator("h1")).to_have_text("Prendre soin de la communauté")


def test_a_moderator_signs_in_with_a_code_from_their_app(page):
    moderator = ModeratorFactory(two_factor=False, language="fr")
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    sign_in_with_password(page, moderator)
    expect(page).to_have_url(reverse("mfa_authenticate"))
    expect(page.locator("h1")).to_have_text("Authentification à deux facteurs")
    expect(page.get_by_test_id("account-menu")).to_have_count(0)

    code = page.get_by_role("textbox", name="Code")
    wrong = "000000" if current_code(secret) != "000000" else "111111"
    code.fill(wrong)
    page.get_by_role("button", name="Connexion").click()
    expect(page.locator("main")).to_contain_text("Code incorrect.")
    expect(code).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.get_by_test_id("account-menu")).to_have_count(0)

    code.fill(current_code(secret))
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_test_id("account-menu")).to_be_attached()
    page.goto(reverse("admin:index"))
    expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
    expect(page.locator("h1")).to_have_text("Prendre soin de la communauté")


def test_a_member_turns_it_on_from_the_account_menu_and_off_again(page, sign_in):
    member = MemberFactory(language="fr")
    sign_in(member)

    page.get_by_test_id("account-menu").click()
    page.locator(".dropdown-menu").get_by_role(
        "link", name="Authentification à deux facteurs"
    ).click()
    expect(page.locator("h1")).to_have_text("Authentification à deux facteurs")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("main")).to_contain_text(
        french("Aucune application d'authentification active.")
    )
    page.get_by_role("link", name="Activer").click()
    confirm_password(page)
    activate_with_the_secret_shown(page)
    assert len(shown_recovery_codes(page)) == mfa_settings.RECOVERY_CODE_COUNT

    page.get_by_test_id("account-menu").click()
    page.locator(".dropdown-menu").get_by_role(
        "link", name="Authentification à deux facteurs"
    ).click()
    expect(page.locator("main")).to_contain_text(
        french("L'authentification à l'aide d'une application d'authentification est active.")
    )
    page.get_by_role("link", name="Désactiver").click()
    expect(page.locator("h1")).to_have_text(french("Désactiver l'application d'authentification"))
    page.get_by_role("button", name="Désactiver").click()

    expect(page.locator("h1")).to_have_text("Authentification à deux facteurs")
    expect(page.get_by_role("status")).to_contain_text(
        french("Application d'authentification désactivée.")
    )
    expect(page.locator("main")).to_contain_text(
        french("Aucune application d'authentification active.")
    )
    assert not Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
