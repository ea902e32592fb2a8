"""A few private conversations between demo members, so that Claire finds her messages going
on: Karim translating her tourism guides (his last answer unread), Thomas passing her an
e-commerce client, and a small group organising the Lyon afterwork.

Written directly, as the forums' history is: seeding tells nobody and sends no e-mail.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from core.usertext import render_markdown
from members.models import Member
from messaging.models import Conversation, Message, Participant
from messaging.services import fingerprint

from .data import CLAIRE, KARIM


@dataclass(frozen=True)
class DemoConversation:
    members: tuple[str, ...]  # the first one started it
    subject: str
    # (author, hours ago, text), oldest first.
    messages: tuple[tuple[str, int, str], ...]
    # Who has read everything; the others have read up to the message before the last.
    read_by_all: bool = True


CONVERSATIONS = (
    DemoConversation(
        (CLAIRE, KARIM),
        "",
        (
            (
                CLAIRE,
                74,
                "Bonjour Karim ! Un office de tourisme de la Drôme me demande mes "
                "12 guides de randonnée **en anglais**. Tu prendrais la traduction ?",
            ),
            (
                KARIM,
                70,
                "Bonjour Claire, avec plaisir. Combien de mots en tout, et pour "
                "quand ? Je facture 0,11 € le mot pour ce genre de texte, relecture comprise.",
            ),
            (
                CLAIRE,
                52,
                "Environ 14 000 mots, pour la fin du mois. Je t'envoie les fichiers "
                "dès que le devis est signé.",
            ),
            (
                KARIM,
                3,
                "Parfait. Je bloque la semaine du 20. Tu veux que je relise aussi les "
                "titres SEO en anglais ? Je peux te faire une liste de mots-clés.",
            ),
        ),
        read_by_all=False,
    ),
    DemoConversation(
        ("thomas-petit", CLAIRE),
        "Un client e-commerce à reprendre",
        (
            (
                "thomas-petit",
                120,
                "Salut Claire, un de mes clients (une boutique de thé en "
                "ligne) cherche une rédactrice pour 30 fiches produits par mois. Je n'ai plus le "
                "temps, ça t'intéresse ?",
            ),
            (CLAIRE, 118, "Oh oui, merci Thomas ! Tu peux me présenter par mail ?"),
            (
                "thomas-petit",
                96,
                "C'est fait, elle s'appelle Agnès. Dis-moi comment ça se passe "
                "à notre prochain binôme.",
            ),
        ),
    ),
    DemoConversation(
        (CLAIRE, "lucas-garnier", "hugo-lambert"),
        "Afterwork de Lyon : qui réserve ?",
        (
            (
                CLAIRE,
                30,
                "Qui s'occupe de réserver la terrasse pour jeudi ? Je peux appeler le "
                "bar demain matin.",
            ),
            ("lucas-garnier", 28, "Vas-y, et dis-leur qu'on sera une quinzaine."),
            (
                "hugo-lambert",
                26,
                "J'apporte quelques tirages de mes photos de montagne, si "
                "quelqu'un veut voir ce que je propose aux offices de tourisme.",
            ),
        ),
    ),
    DemoConversation(
        ("julien-moreau", "camille-durand"),
        "",
        (
            (
                "julien-moreau",
                200,
                "Bonjour Camille, j'ai vu tes maquettes pour les artisans "
                "nantais. J'ai un menuisier qui veut un site : on le fait à deux ?",
            ),
            (
                "camille-durand",
                190,
                "Avec plaisir ! Je fais la maquette, tu intègres ? On se cale un appel lundi.",
            ),
        ),
    ),
)


def seed_demo_messaging(*, members: dict[str, Member]) -> int:
    """Adds the conversations that are missing, known by their first message (one query when
    they are all there); returns how many."""
    seeded = set(
        Message.objects.filter(
            author__username__in={demo.members[0] for demo in CONVERSATIONS},
            body__in=[demo.messages[0][2] for demo in CONVERSATIONS],
        ).values_list("body", flat=True)
    )
    created = 0
    now = timezone.now()
    for demo in CONVERSATIONS:
        people = [members.get(handle) for handle in demo.members]
        if demo.messages[0][2] in seeded or any(person is None for person in people):
            continue
        _seed(demo, people, members, now)
        created += 1
    return created


def _seed(demo: DemoConversation, people: list[Member], members, now) -> None:
    started_at = now - timedelta(hours=demo.messages[0][1])
    conversation = Conversation.objects.create(
        created_by=people[0], subject=demo.subject, is_group=len(people) > 2
    )
    messages = Message.objects.bulk_create(
        Message(
            conversation=conversation,
            author=members[author],
            body=text,
            body_html=render_markdown(text),
            fingerprint=fingerprint(text),
        )
        for author, _hours, text in demo.messages
    )
    # auto_now_add fields ignore the values given: the times are set afterwards.
    for message, (_author, hours, _text) in zip(messages, demo.messages, strict=True):
        message.created_at = now - timedelta(hours=hours)
        Message.objects.filter(pk=message.pk).update(created_at=message.created_at)
    Conversation.objects.filter(pk=conversation.pk).update(
        created_at=started_at, last_message=messages[-1], last_message_at=messages[-1].created_at
    )
    last, before_last = messages[-1], messages[-2]
    Participant.objects.bulk_create(
        Participant(
            conversation=conversation,
            member=person,
            last_read_message_id=(
                last.pk if demo.read_by_all or person.pk == last.author_id else before_last.pk
            ),
            last_read_at=now,
        )
        for person in people
    )
    Participant.objects.filter(conversation=conversation).update(joined_at=started_at)
