"""From the directory, Claire writes to Karim; Karim signs in, finds the count on the envelope,
and answers; Claire's open conversation shows his answer without being reloaded.

Elements are found by test id, href or id: the French of the new texts is compiled later.
"""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Trade
from messaging import selectors, services
from messaging.models import Conversation
from moderation.models import Report
from tests.factories import PASSWORD, MemberFactory

# The page asks for new messages every 10 seconds: the answer shows within that, and a margin.
POLL_WAIT_MS = 16_000


def sign_in_to(page, visit, member, path: str) -> None:
    """Signs in through the login form and lands on ``path``."""
    visit(f"{reverse('account_login')}?next={path}", page=page)
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("account-menu")).to_be_attached()


def test_a_member_writes_from_the_directory_and_sees_the_answer_come(page, open_page, visit):
    joined = timezone.now() - timedelta(days=60)
    claire = MemberFactory(
        username="claire-redac", display_name="Claire Martin", date_joined=joined
    )
    karim = MemberFactory(
        username="karim-trad", display_name="Karim Benali", date_joined=joined, language="fr"
    )
    # A starting trade of the data migrations, flushed after the run's first transactional test.
    translator, _ = Trade.objects.get_or_create(
        slug="traducteur", defaults={"name_fr": "Traducteur·rice"}
    )
    karim.trades.add(translator)

    # Claire finds Karim in the directory and writes to him from his card.
    sign_in_to(page, visit, claire, reverse("members:list"))
    write = page.locator(f'main a[href="{reverse("messaging:new", args=[karim.username])}"]')
    expect(write).to_have_count(1)
    write.click()
    expect(page.locator("h1")).to_contain_text("Karim Benali")
    # Sent empty first: the message says why (a 400) and the subject typed stays.
    open_page.checks(page).allow_console_error(r"status of 400\b")
    page.locator("input[name=subject]").fill("Traduction de guides")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_body.is-invalid")).to_be_visible()
    expect(page.locator("input[name=subject]")).to_have_value("Traduction de guides")
    page.locator("textarea[name=body]").fill(
        "Bonjour Karim, tu pourrais traduire **12 guides** de randonnée en anglais ?"
    )
    page.locator("main form button[type=submit]").click()

    conversation = Conversation.objects.get()
    expect(page).to_have_url(re.compile(re.escape(conversation.get_absolute_url())))
    expect(page.locator("#messages strong")).to_have_text("12 guides")
    # A mark that a reload would erase.
    page.evaluate("window.notReloaded = true")

    # Karim, in his own browser: the envelope counts one conversation, and leads to it.
    karim_page = open_page(locale="fr-FR")
    sign_in_to(karim_page, visit, karim, reverse("home"))
    envelope = karim_page.get_by_test_id("messages-link")
    expect(envelope.locator(".badge")).to_have_text("1")
    envelope.click()
    karim_page.locator(f'main a[href^="{conversation.get_absolute_url()}"]').click()
    expect(karim_page.locator("#messages")).to_contain_text("12 guides")
    karim_page.locator("#reply textarea[name=body]").fill(
        "Avec plaisir Claire ! Envoie-moi les fichiers, je te fais un devis."
    )
    karim_page.locator("#reply button[type=submit]").click()
    expect(karim_page.locator("#messages")).to_contain_text("je te fais un devis")
    expect(envelope.locator(".badge")).to_have_count(0)

    # Claire's page, left open, shows the answer without reloading.
    answer = page.locator("#messages li.message", has_text="je te fais un devis")
    expect(answer).to_be_visible(timeout=POLL_WAIT_MS)
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("#messages li.message")).to_have_count(2)


def test_a_member_reports_a_message_chooses_who_may_write_and_leaves(page, visit):
    claire = MemberFactory(username="claire-redac", display_name="Claire Martin")
    karim = MemberFactory(username="karim-trad", display_name="Karim Benali")
    message = services.conversation_start(
        author=claire, recipients=[karim], body="Achetez ma formation, lien en bio !"
    )
    conversation = message.conversation

    sign_in_to(page, visit, karim, conversation.get_absolute_url())
    page.locator(f'a[href="{reverse("messaging:report", args=[message.pk])}"]').click()
    page.locator("input[name=reason][value=spam]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(conversation.get_absolute_url())))
    assert Report.objects.get().target == message

    visit(reverse("messaging:settings"), page=page)
    page.locator("input[name=accepts_from][value=met]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=accepts_from][value=met]")).to_be_checked()
    assert selectors.accepts_from(karim) == "met"

    visit(reverse("messaging:leave", args=[conversation.pk]), page=page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("messaging:list")) + "$"))
    expect(page.locator(f'main a[href^="{conversation.get_absolute_url()}"]')).to_have_count(0)
