"""Object builders for tests. Every builder makes a complete, valid object."""

from datetime import UTC, date, datetime, timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from summits.enums import CategoryKind, EligibilityStatus, IdDocument, RegistrationStatus, SessionKind, SummitStatus
from summits.models import Registration, RegistrationCategory, Room, Session, Speaker, Summit, Track


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class SummitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Summit
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Summit {n}")
    slug = factory.Sequence(lambda n: f"summit-{n}")
    city = "Bengaluru"
    venue = "BIEC"
    timezone = "Asia/Kolkata"
    start_date = factory.LazyFunction(lambda: date.today() + timedelta(days=60))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=1))
    registration_opens = factory.LazyFunction(lambda: datetime.now(UTC) - timedelta(days=30))
    registration_closes = factory.LazyFunction(lambda: datetime.now(UTC) + timedelta(days=30))
    status = SummitStatus.PUBLISHED

    @factory.post_generation
    def organizers(summit, create, extracted, **kwargs):
        if create and extracted:
            summit.organizers.add(*extracted)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    summit = factory.SubFactory(SummitFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 100


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    summit = factory.SubFactory(SummitFactory)
    name = factory.Sequence(lambda n: f"Track {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    summit = factory.SubFactory(SummitFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    organisation = "Acme Defence"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    summit = factory.SubFactory(SummitFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    kind = SessionKind.PLENARY
    room = factory.SubFactory(RoomFactory, summit=factory.SelfAttribute("..summit"))
    starts_at = factory.LazyAttribute(
        lambda o: datetime.combine(o.summit.start_date, datetime.min.time(), tzinfo=o.summit.tz) + timedelta(hours=10)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    description = "What this session is about."


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationCategory

    summit = factory.SubFactory(SummitFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    kind = CategoryKind.INDUSTRY


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    user = factory.SubFactory(UserFactory)
    summit = factory.SubFactory(SummitFactory)
    category = factory.SubFactory(CategoryFactory, summit=factory.SelfAttribute("..summit"))
    status = RegistrationStatus.APPROVED
    badge_name = factory.Sequence(lambda n: f"Attendee {n}")
    organisation = "Acme Defence"
    country_of_citizenship = "IN"
    is_us_person = False
    # Screened by default (citizenship and U.S.-person status verified as declared), so
    # eligibility follows the facts given; `verified=False` builds a declaration only.
    eligibility_status = factory.LazyAttribute(
        lambda o: EligibilityStatus.VERIFIED if o.verified else EligibilityStatus.AWAITING
    )
    verified_us_person = factory.LazyAttribute(lambda o: bool(o.verified and o.is_us_person))
    verified_citizenship = factory.LazyAttribute(lambda o: o.country_of_citizenship if o.verified else "")
    eligibility_document = factory.LazyAttribute(lambda o: IdDocument.PASSPORT if o.verified else "")
    eligibility_checked_at = factory.LazyAttribute(lambda o: datetime.now(UTC) if o.verified else None)

    class Params:
        verified = True


# ---- delegations ----


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.Delegation"

    summit = factory.SubFactory(SummitFactory)
    name = factory.Sequence(lambda n: f"Delegation {n}")
    home_country = "US"
    destination_country = "IN"
    lead = factory.SubFactory(UserFactory)
    category = factory.SubFactory(CategoryFactory, summit=factory.SelfAttribute("..summit"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.Membership"

    delegation = factory.SubFactory(DelegationFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"
    joined_at = factory.LazyFunction(lambda: datetime.now(UTC))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.Organisation"

    name = factory.Sequence(lambda n: f"Startup {n}")
    kind = "startup"
    country = "IN"
    city = "Bengaluru"


class ItineraryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.ItineraryItem"

    delegation = factory.SubFactory(DelegationFactory)
    kind = "meeting"
    title = factory.Sequence(lambda n: f"Meeting {n}")
    start_tz = "Asia/Kolkata"
    starts_at = factory.LazyAttribute(
        lambda o: datetime.combine(o.delegation.summit.start_date, datetime.min.time(), tzinfo=UTC) + timedelta(hours=4)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    location = "Taj West End"


# --- Agenda builder and sign-ups (issue 3) ---


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "summits.SessionSignup"

    session = factory.SubFactory(SessionFactory)
    registration = factory.SubFactory(RegistrationFactory, summit=factory.SelfAttribute("..session.summit"))
    status = "confirmed"


def roundtable(summit, **fields):
    """A roundtable that needs sign-up, with `capacity` seats (default 2)."""
    fields.setdefault("capacity", 2)
    return SessionFactory(summit=summit, kind=SessionKind.ROUNDTABLE, needs_signup=True, **fields)


# --- badges
class CheckinStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "badges.CheckinStaff"

    summit = factory.SubFactory(SummitFactory)
    user = factory.SubFactory(UserFactory)
