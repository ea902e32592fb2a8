"""Test data, with the personas of PRODUCT.md: member, moderator, suspended member, visitor."""

from datetime import timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from events.models import Event
from forums.models import Category
from legal.documents import ACCEPTED_DOCUMENTS
from legal.services import acceptances_record
from members.models import Member, Trade
from members.roles import moderators_group_sync

PASSWORD = "correct-horse-battery-staple"


class MemberFactory(factory.django.DjangoModelFactory):
    """A member with a verified e-mail address, able to sign in with PASSWORD."""

    class Meta:
        model = Member
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"membre-{n}")
    email = factory.LazyAttribute(lambda m: f"{m.username}@example.org")
    display_name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(member, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=member, email=member.email, primary=True, verified=True
            )

    @factory.post_generation
    def accepted_terms(member, create, extracted, **kwargs):
        """Members have accepted the current terms and charter, as at sign-up
        (``accepted_terms=False`` for one the site will ask)."""
        if create and extracted is not False:
            acceptances_record(member=member, documents=ACCEPTED_DOCUMENTS)

    @factory.post_generation
    def two_factor(member, create, extracted, **kwargs):
        """Staff have an authenticator app, as the moderation admin requires
        (``two_factor=False`` for one who has not set it up yet)."""
        if create and member.is_staff and extracted is not False:
            TOTP.activate(member, generate_totp_secret())


class ModeratorFactory(MemberFactory):
    is_staff = True

    @factory.post_generation
    def moderators_group(member, create, extracted, **kwargs):
        if create:
            member.groups.add(moderators_group_sync())


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")
    position = factory.Sequence(lambda n: 100 + n)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.AFTERWORK
    title = factory.Sequence(lambda n: f"Afterwork n°{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=3))
    city = "Lyon"
    venue_name = "Le Comptoir"
    organiser = factory.SubFactory(MemberFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    """A service of the rates observatory, in a trade of its own unless one is given."""

    class Meta:
        model = "rates.Service"

    trade = factory.Sequence(
        lambda n: Trade.objects.get_or_create(
            slug=f"metier-tarifs-{n}", defaults={"name": f"Métier tarifs {n}"}
        )[0]
    )
    name = factory.Sequence(lambda n: f"Prestation {n}")
    slug = factory.Sequence(lambda n: f"prestation-{n}")
    default_unit = "word"


class RateReportFactory(factory.django.DjangoModelFactory):
    """A published report of this year by a member whose account is past the hold."""

    class Meta:
        model = "rates.RateReport"

    member = factory.SubFactory(
        MemberFactory, date_joined=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60))
    )
    service = factory.SubFactory(ServiceFactory)
    unit = factory.LazyAttribute(lambda r: r.service.default_unit)
    amount = Decimal("0.10")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    years_freelancing = 3
    region = "ara"
    legal_status = "micro"
    client_type = "agency"
    client_source = "direct"
