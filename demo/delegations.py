"""Demo delegations (demo data) for `manage.py seed_demo`: a U.S. delegation travelling Washington → New Delhi →
Bengaluru → Hyderabad with scouting trips to startups, and an Indian delegation. Idempotent."""

from datetime import datetime, timedelta

from django.utils import timezone

from conclave.timezones import local_to_utc
from delegations.enums import ItemKind, OrganisationKind, RosterRole
from delegations.models import Delegation, Membership, Organisation
from delegations.services import add_itinerary_item, create_delegation, plan_site_visit
from summits.enums import RegistrationStatus, SessionKind

from .accounts import ATTENDEE_EMAIL, demo_user

US_NAME = "U.S. industry delegation"
IN_NAME = "Indian startup delegation"
US_LEAD_EMAIL = "us-lead@conclave.example"
IN_LEAD_EMAIL = "in-lead@conclave.example"
NY, DELHI, DUBAI = "America/New_York", "Asia/Kolkata", "Asia/Dubai"
KOLKATA = "Asia/Kolkata"

ORGANISATIONS = [
    # name, kind, city, website, technology areas
    ("Tonbo Imaging", OrganisationKind.STARTUP, "Bengaluru", "https://www.tonboimaging.com", "Thermal imaging, Optics"),
    ("Bellatrix Aerospace", OrganisationKind.STARTUP, "Bengaluru", "https://www.bellatrix.aero", "Space, Propulsion"),
    ("Newspace Research & Technologies", OrganisationKind.STARTUP, "Bengaluru", "", "Autonomy, UAS"),
    ("Indian Institute of Science", OrganisationKind.UNIVERSITY, "Bengaluru", "https://iisc.ac.in", "Research"),
    ("T-Hub", OrganisationKind.INCUBATOR, "Hyderabad", "https://t-hub.co", "Incubation"),
    ("Skyroot Aerospace", OrganisationKind.STARTUP, "Hyderabad", "https://skyroot.in", "Space, Launch"),
    ("Defence Research & Development Laboratory", OrganisationKind.LAB, "Hyderabad", "", "Missiles, Propulsion"),
    ("iDEX", OrganisationKind.AGENCY, "New Delhi", "https://idex.gov.in", "Defence innovation"),
]


def _at(day, hh, mm, tz):
    return local_to_utc(datetime(2027, 2, day, hh, mm), tz)


def _organisations():
    orgs = {}
    for name, kind, city, website, areas in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.get_or_create(
            name=name,
            city=city,
            defaults={"kind": kind, "country": "IN", "website": website, "technology_areas": areas},
        )
    return orgs


def _roster(delegation, registrations, roles):
    for registration, role in zip(registrations, roles, strict=False):
        Membership.objects.get_or_create(
            delegation=delegation,
            user=registration.user,
            left_at=None,
            defaults={"role": role, "joined_at": timezone.now()},
        )


def seed_demo_delegations(summit, rng):
    """Grow the demo summit with two delegations. Running it again changes nothing."""
    if Delegation.objects.filter(summit=summit, name__in=[US_NAME, IN_NAME]).count() == 2:
        return
    orgs = _organisations()
    categories = {c.kind: c for c in summit.categories.all()}
    approved = summit.registrations.filter(status=RegistrationStatus.APPROVED).select_related("user")
    us = list(approved.filter(is_us_person=True, user__username__startswith="demo").order_by("pk")[:9])
    indian = list(approved.filter(country_of_citizenship="IN").order_by("pk")[:6])
    us_lead = demo_user(US_LEAD_EMAIL, first="Dana", last="Whitfield")
    in_lead = demo_user(IN_LEAD_EMAIL, first="Kavya", last="Menon")

    if not Delegation.objects.filter(summit=summit, name=US_NAME).exists():
        delegation = create_delegation(
            summit=summit,
            name=US_NAME,
            lead=us_lead,
            category=categories.get("industry") or summit.categories.first(),
            home_country="US",
            destination_country="IN",
            description="Primes, startups and investors from the United States, with officials from DIU.",
            actor=None,
        )
        roles = [RosterRole.HEAD] + [RosterRole.MEMBER] * 7 + [RosterRole.LIAISON]
        _roster(delegation, us, roles)
        sam = summit.registrations.filter(user__username=ATTENDEE_EMAIL).first()
        if sam:
            _roster(delegation, [sam], [RosterRole.MEMBER])
        _us_itinerary(delegation, summit, orgs, us_lead, rng)
        if sam:
            _demo_clash(delegation, summit, sam, us_lead)

    if not Delegation.objects.filter(summit=summit, name=IN_NAME).exists():
        delegation = create_delegation(
            summit=summit,
            name=IN_NAME,
            lead=in_lead,
            category=categories.get("startup") or summit.categories.first(),
            home_country="IN",
            destination_country="US",
            description="iDEX winners travelling on to the follow-on meetings in Washington.",
            actor=None,
        )
        _roster(delegation, indian, [RosterRole.HEAD] + [RosterRole.MEMBER] * 4 + [RosterRole.LIAISON])
        add = _adder(delegation, in_lead)
        add(
            ItemKind.FLIGHT,
            "6E 6411 Hyderabad → Bengaluru",
            _at(16, 17, 30, KOLKATA),
            _at(16, 18, 45, KOLKATA),
            KOLKATA,
            end_tz=KOLKATA,
            start_place="Hyderabad (HYD)",
            end_place="Bengaluru (BLR)",
        )
        add(
            ItemKind.HOTEL,
            "ITC Gardenia",
            _at(16, 20, 0, KOLKATA),
            _at(19, 11, 0, KOLKATA),
            KOLKATA,
            address="1 Residency Road, Bengaluru 560025",
            contact="Front desk +91 80 2211 9898",
        )
        add(
            ItemKind.MEETING,
            "Pairing session with the U.S. industry delegation",
            _at(18, 19, 0, KOLKATA),
            _at(18, 20, 30, KOLKATA),
            KOLKATA,
            location="BIEC, Board Room",
        )
        add(
            ItemKind.FLIGHT,
            "AI 175 Bengaluru → San Francisco",
            _at(19, 13, 40, KOLKATA),
            _at(19, 16, 40, "America/Los_Angeles"),
            KOLKATA,
            end_tz="America/Los_Angeles",
            start_place="Bengaluru (BLR)",
            end_place="San Francisco (SFO)",
        )
        _link_sessions(delegation, summit, in_lead, [SessionKind.PLENARY])


def _adder(delegation, actor):
    def add(kind, title, start, end, start_tz, **extra):
        return add_itinerary_item(
            delegation, actor=actor, kind=kind, title=title, starts_at=start, ends_at=end, start_tz=start_tz, **extra
        )

    return add


def _link_sessions(delegation, summit, actor, kinds):
    for session in summit.sessions.filter(kind__in=kinds).order_by("starts_at")[:4]:
        add_itinerary_item(delegation, actor=actor, kind=ItemKind.SESSION, session=session)


def _us_itinerary(delegation, summit, orgs, lead, rng):
    add = _adder(delegation, lead)
    add(
        ItemKind.FLIGHT,
        "AI 104 Washington → New Delhi",
        _at(13, 21, 40, NY),
        _at(14, 22, 35, DELHI),
        NY,
        end_tz=DELHI,
        start_place="Washington Dulles (IAD)",
        end_place="Delhi Indira Gandhi (DEL)",
        contact="Air India +1 800 223 7776",
    )
    add(
        ItemKind.GROUND,
        "Embassy cars to the hotel",
        _at(14, 23, 15, DELHI),
        _at(15, 0, 15, DELHI),
        DELHI,
        contact="Motor pool, U.S. Embassy New Delhi",
    )
    add(
        ItemKind.HOTEL,
        "The Leela Palace New Delhi",
        _at(15, 0, 30, DELHI),
        _at(16, 6, 0, DELHI),
        DELHI,
        address="Diplomatic Enclave, Chanakyapuri, New Delhi 110023",
        contact="Front desk +91 11 3933 1234",
    )
    add(
        ItemKind.MEETING,
        "Briefing at the U.S. Embassy",
        _at(15, 10, 0, DELHI),
        _at(15, 11, 30, DELHI),
        DELHI,
        location="U.S. Embassy",
        address="Shantipath, Chanakyapuri, New Delhi 110021",
    )
    add(
        ItemKind.MEETING,
        "iDEX and the Ministry of Defence",
        _at(15, 14, 0, DELHI),
        _at(15, 16, 0, DELHI),
        DELHI,
        location="iDEX",
        address="Sena Bhawan, New Delhi 110011",
        contact="iDEX secretariat",
    )
    add(
        ItemKind.MEAL,
        "Dinner with the Ambassador",
        _at(15, 19, 30, DELHI),
        _at(15, 21, 30, DELHI),
        DELHI,
        location="Roosevelt House",
        address="Shantipath, Chanakyapuri",
    )
    add(
        ItemKind.FLIGHT,
        "6E 2131 New Delhi → Bengaluru",
        _at(16, 8, 0, DELHI),
        _at(16, 10, 50, DELHI),
        DELHI,
        end_tz=DELHI,
        start_place="Delhi (DEL)",
        end_place="Bengaluru (BLR)",
    )
    add(
        ItemKind.HOTEL,
        "Taj West End",
        _at(16, 12, 0, KOLKATA),
        _at(19, 5, 30, KOLKATA),
        KOLKATA,
        address="25 Race Course Road, Bengaluru 560001",
        contact="Front desk +91 80 6660 5660",
    )
    trip = None
    for host, (hh, mm), notice in [
        ("Tonbo Imaging", (14, 0), 3),
        ("Bellatrix Aerospace", (15, 45), 7),
        ("Newspace Research & Technologies", (17, 15), 3),
    ]:
        visit = plan_site_visit(
            delegation,
            actor=lead,
            trip=trip,
            new_trip={"name": "Bengaluru startups", "city": "Bengaluru", "notes": "Dual-use hardware startups."},
            host=orgs[host],
            starts_at=_at(16, hh, mm, KOLKATA),
            ends_at=_at(16, hh, mm, KOLKATA) + timedelta(hours=1),
            start_tz=KOLKATA,
            address=f"{orgs[host].name}, Bengaluru",
            contact=f"Founder's office, {host}",
            access={"requires_id": True, "advance_notice_days": notice},
            everyone=True,
        )
        trip = visit.trip
    _link_sessions(delegation, summit, lead, [SessionKind.PLENARY, SessionKind.PITCH])
    add(
        ItemKind.FLIGHT,
        "6E 6011 Bengaluru → Hyderabad",
        _at(19, 7, 0, KOLKATA),
        _at(19, 8, 15, KOLKATA),
        KOLKATA,
        end_tz=KOLKATA,
        start_place="Bengaluru (BLR)",
        end_place="Hyderabad (HYD)",
    )
    members = list(delegation.memberships.filter(left_at=None).order_by("pk"))
    trip = None
    for host, (hh, mm), access in [
        ("T-Hub", (9, 30), {"requires_id": True, "advance_notice_days": 2}),
        ("Skyroot Aerospace", (11, 30), {"requires_id": True, "advance_notice_days": 7}),
        (
            "Defence Research & Development Laboratory",
            (14, 30),
            {
                "requires_id": True,
                "citizenship_details": True,
                "advance_notice_days": 30,
                "access_notes": "Passport copies to the liaison officer; no phones inside.",
            },
        ),
    ]:
        restricted = host.startswith("Defence")
        visit = plan_site_visit(
            delegation,
            actor=lead,
            trip=trip,
            new_trip={"name": "Hyderabad space and defence", "city": "Hyderabad"},
            host=orgs[host],
            starts_at=_at(19, hh, mm, KOLKATA),
            ends_at=_at(19, hh, mm, KOLKATA) + timedelta(hours=1, minutes=30),
            start_tz=KOLKATA,
            address=f"{orgs[host].name}, Hyderabad",
            contact=f"Visits desk, {host}",
            access=access,
            everyone=not restricted,
            participants=members[:4] if restricted else (),
        )
        trip = visit.trip
    add(
        ItemKind.MEAL,
        "Farewell dinner",
        _at(19, 19, 30, KOLKATA),
        _at(19, 21, 30, KOLKATA),
        KOLKATA,
        location="Taj Falaknuma Palace",
        address="Engine Bowli, Falaknuma, Hyderabad 500053",
    )
    add(
        ItemKind.FLIGHT,
        "EK 525 Hyderabad → Dubai",
        _at(20, 4, 25, KOLKATA),
        _at(20, 6, 40, DUBAI),
        KOLKATA,
        end_tz=DUBAI,
        start_place="Hyderabad (HYD)",
        end_place="Dubai (DXB)",
    )
    add(
        ItemKind.FLIGHT,
        "EK 231 Dubai → Washington",
        _at(20, 9, 5, DUBAI),
        _at(20, 15, 0, NY),
        DUBAI,
        end_tz=NY,
        start_place="Dubai (DXB)",
        end_place="Washington Dulles (IAD)",
    )


def _demo_clash(delegation, summit, registration, lead):
    """The demo attendee signed up for a roundtable that a delegation meeting overlaps: "My itinerary" flags it."""
    from summits.models import SessionSignup

    roundtable = summit.sessions.filter(kind=SessionKind.ROUNDTABLE, restriction="open").order_by("starts_at").first()
    if roundtable is None:
        return
    SessionSignup.objects.get_or_create(session=roundtable, registration=registration)
    start = roundtable.starts_at + timedelta(minutes=60)
    add_itinerary_item(
        delegation,
        actor=lead,
        kind=ItemKind.MEETING,
        title="Working lunch with Tata Advanced Systems",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        start_tz=summit.timezone,
        location="BIEC, Board Room",
        everyone=False,
        participants=list(delegation.memberships.filter(user=registration.user, left_at=None)),
    )
