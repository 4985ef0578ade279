"""The demo summit: a two-day summit in Bengaluru, its agenda and 200 attendees (demo data).

Run it as often as you like; it finds what it made before instead of doubling it.
"""

from datetime import UTC, date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from summits.enums import CategoryKind, QuestionKind, RegistrationStatus, Restriction, SessionKind, SummitStatus
from summits.models import (
    Registration,
    RegistrationCategory,
    RegistrationQuestion,
    Room,
    Session,
    Speaker,
    Summit,
    Track,
)

from .accounts import ATTENDEE_EMAIL, ORGANIZER_EMAIL, demo_user
from .people import AMERICAN_FIRST, AMERICAN_LAST, DEVANAGARI, INDIAN_FIRST, INDIAN_LAST, INDIAN_ORGS, US_ORGS

SLUG = "bengaluru-2027"

ROOMS = [
    ("Main Hall", 600),
    ("Kaveri", 120),
    ("Tungabhadra", 80),
    ("Krishna", 60),
    ("Godavari", 40),
    ("Board Room", 20),
]
TRACKS = [
    ("Plenary", "#0b5cad"),
    ("Roundtables", "#8250df"),
    ("Gurukul", "#1a7f37"),
    ("Innovation Challenges", "#bf8700"),
]
CATEGORIES = [
    ("Industry / Prime", CategoryKind.INDUSTRY, "#0b5cad", False, None),
    ("Startup / SME", CategoryKind.STARTUP, "#1a7f37", False, 150),
    ("Government", CategoryKind.GOVERNMENT, "#cf222e", True, None),
    ("Academia", CategoryKind.ACADEMIA, "#8250df", False, None),
    ("Investor", CategoryKind.INVESTOR, "#bf8700", False, 40),
    ("Media", CategoryKind.MEDIA, "#57606a", True, 20),
]
ROUNDTABLES = [
    ("Export controls: ITAR and the Indian SCOMET list", Restriction.US_PERSONS),
    ("Export controls: licensing for co-development", Restriction.CLEARED),
    ("Space situational awareness", Restriction.COUNTRIES),
    ("Undersea domain awareness", Restriction.OPEN),
    ("Counter-drone systems", Restriction.OPEN),
    ("AI for the edge", Restriction.OPEN),
    ("Semiconductors and trusted supply chains", Restriction.OPEN),
    ("Human spaceflight and launch", Restriction.OPEN),
    ("Testing and evaluation infrastructure", Restriction.OPEN),
    ("Financing dual-use startups", Restriction.OPEN),
    ("Standards and certification", Restriction.OPEN),
    ("Maritime autonomy", Restriction.US_PERSONS),
]
GURUKUL = [
    "Navigating U.S. defence procurement",
    "Working with iDEX",
    "Understanding DFARS",
    "Raising from strategic investors",
    "Export licensing 101",
    "Testing in Indian ranges",
]
PITCHES = [
    "Joint challenge: maritime ISR",
    "Joint challenge: counter-UAS",
    "Joint challenge: space debris",
    "Joint challenge: battlefield medicine",
]
PLENARIES = [
    "Opening plenary: a bilateral innovation bridge",
    "Keynote: co-producing the next generation",
    "Ministerial panel",
    "Closing plenary and outcomes",
]


def seed_demo_summit(rng):
    """The demo summit with its agenda and attendees (found, not doubled, on a second run)."""
    organizer = demo_user(ORGANIZER_EMAIL, staff=True, first="Asha", last="Verma")
    attendee = demo_user(ATTENDEE_EMAIL, first="Sam", last="Carter")
    summit = _summit(organizer)
    rooms = _rooms(summit)
    tracks = _tracks(summit)
    categories = _categories(summit)
    _questions(summit)
    speakers = _speakers(summit, rng)
    if not summit.sessions.exists():
        _sessions(summit, rooms, tracks, speakers, rng)
    _attendees(summit, categories, rng)
    Registration.objects.get_or_create(
        user=attendee,
        summit=summit,
        defaults=dict(
            category=categories[0],
            status=RegistrationStatus.APPROVED,
            badge_name="Sam Carter",
            organisation="Shield AI",
            job_title="Program Manager",
            country_of_citizenship="US",
            is_us_person=True,
        ),
    )
    _verify_us_persons(summit, organizer)
    return summit


def _summit(organizer):
    tz = "Asia/Kolkata"
    summit, _ = Summit.objects.get_or_create(
        slug=SLUG,
        defaults=dict(
            name="Conclave Bengaluru 2027",
            tagline="Connecting the U.S. and Indian defence-innovation ecosystems",
            description=(
                "Two days of plenaries, a dozen roundtables (several with the export-control offices of both "
                "governments), the Gurukul education series and pitch sessions for joint challenges.\n\n"
                "Delegations of primes, startups, investors and officials travel from Washington and New Delhi."
            ),
            city="Bengaluru",
            country="IN",
            venue="Bangalore International Exhibition Centre",
            venue_address="Tumkur Road, Madavara",
            timezone=tz,
            start_date=date(2027, 2, 17),
            end_date=date(2027, 2, 18),
            registration_opens=datetime(2026, 9, 1, tzinfo=UTC),
            registration_closes=datetime(2027, 2, 15, 18, 30, tzinfo=UTC),
            status=SummitStatus.PUBLISHED,
        ),
    )
    summit.organizers.add(organizer)
    return summit


def _rooms(summit):
    return [
        Room.objects.get_or_create(
            summit=summit,
            name=name,
            defaults={"capacity": cap, "position": i, "opens_at": time(8), "closes_at": time(20)},
        )[0]
        for i, (name, cap) in enumerate(ROOMS)
    ]


def _tracks(summit):
    return {
        name: Track.objects.get_or_create(summit=summit, name=name, defaults={"colour": colour})[0]
        for name, colour in TRACKS
    }


def _categories(summit):
    return [
        RegistrationCategory.objects.get_or_create(
            summit=summit,
            name=name,
            defaults=dict(kind=kind, badge_colour=colour, needs_approval=approval, capacity=cap, position=i),
        )[0]
        for i, (name, kind, colour, approval, cap) in enumerate(CATEGORIES)
    ]


def _questions(summit):
    for i, (label, kind, required, choices) in enumerate(
        [
            ("What do you hope to get out of the summit?", QuestionKind.LONG_TEXT, False, ""),
            ("Will you join the networking dinner?", QuestionKind.YES_NO, True, ""),
            (
                "Main technology area",
                QuestionKind.CHOICE,
                True,
                "Space\nMaritime\nAutonomy\nAI and data\nSemiconductors\nOther",
            ),
        ]
    ):
        RegistrationQuestion.objects.get_or_create(
            summit=summit, label=label, defaults=dict(kind=kind, required=required, choices=choices, position=i)
        )


def _speakers(summit, rng):
    if summit.speakers.exists():
        return list(summit.speakers.all())
    people = []
    for i in range(30):
        if i % 2:
            name = f"{rng.choice(INDIAN_FIRST)} {rng.choice(INDIAN_LAST)}"
            org = rng.choice(INDIAN_ORGS)
        else:
            name = f"{rng.choice(AMERICAN_FIRST)} {rng.choice(AMERICAN_LAST)}"
            org = rng.choice(US_ORGS)
        people.append(
            Speaker(
                summit=summit,
                name=name,
                organisation=org,
                title=rng.choice(["CEO", "Director", "CTO", "Program Manager", "Joint Secretary", "Professor"]),
            )
        )
    return Speaker.objects.bulk_create(people)


def _sessions(summit, rooms, tracks, speakers, rng):
    tz = summit.tz
    main, kaveri, tunga, krishna, godavari, board = rooms

    def at(day, hh, mm=0):
        return datetime.combine(summit.start_date + timedelta(days=day), time(hh, mm), tzinfo=tz)

    booked = {p.pk: [] for p in speakers}

    def add(title, kind, track, room, start, minutes, **extra):
        session = Session.objects.create(
            summit=summit,
            title=title,
            kind=kind,
            track=tracks.get(track),
            room=room,
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            description=extra.pop("description", f"{title}."),
            **extra,
        )
        if kind not in (SessionKind.BREAK, SessionKind.NETWORKING):
            # People free at that time only: a demo without double-booked speakers.
            free = [p for p in speakers if all(e <= session.starts_at or s >= session.ends_at for s, e in booked[p.pk])]
            chosen = rng.sample(free, 4)
            for person in chosen:
                booked[person.pk].append((session.starts_at, session.ends_at))
            session.speakers.set(chosen[1:])
            session.moderators.set(chosen[:1])
        return session

    for day in (0, 1):
        add(PLENARIES[day * 2], SessionKind.PLENARY, "Plenary", main, at(day, 9, 30), 75)
        add("Tea break", SessionKind.BREAK, None, main, at(day, 10, 45), 15)
        add(PLENARIES[day * 2 + 1], SessionKind.PLENARY, "Plenary", main, at(day, 16, 30), 60)
        add("Lunch", SessionKind.BREAK, None, main, at(day, 13), 60)
        add(
            "Networking reception" if day == 0 else "Partner exhibition walk",
            SessionKind.NETWORKING,
            None,
            main,
            at(day, 17, 30),
            90,
        )
    # Roundtables: three parallel slots a half-day; closed ones in the smaller rooms.
    for i, (title, restriction) in enumerate(ROUNDTABLES):
        day, slot = divmod(i, 6)
        start = at(day, 11) if slot < 3 else at(day, 14, 15)
        room = (
            [kaveri, tunga, krishna][slot % 3]
            if restriction == Restriction.OPEN
            else [godavari, board, krishna][slot % 3]
        )
        add(
            title,
            SessionKind.ROUNDTABLE,
            "Roundtables",
            room,
            start,
            90,
            capacity=min(room.capacity or 25, 25),
            needs_signup=True,
            restriction=restriction,
            allowed_countries=["US", "IN"] if restriction == Restriction.COUNTRIES else [],
            description=f"A closed-door roundtable on {title.lower()}. Chatham House rule.",
        )
    gurukul_slots = [(0, 8, 0), (1, 8, 0), (0, 12, 35), (1, 12, 35), (0, 15, 50), (1, 15, 50)]
    for title, (day, hh, mm) in zip(GURUKUL, gurukul_slots, strict=True):
        add(
            f"Gurukul: {title}",
            SessionKind.EDUCATION,
            "Gurukul",
            krishna,
            at(day, hh, mm),
            45,
            capacity=60,
            needs_signup=True,
        )
    pitch_slots = [(0, 15, 50), (1, 15, 50), (0, 12, 30), (1, 12, 30)]
    for title, (day, hh, mm) in zip(PITCHES, pitch_slots, strict=True):
        add(title, SessionKind.PITCH, "Innovation Challenges", kaveri, at(day, hh, mm), 30)
    workshops = [
        "Rapid prototyping",
        "Dual-use IP",
        "Co-production models",
        "Testing autonomy",
        "Secure software supply chains",
        "Ground stations",
        "Sensor fusion",
        "Trusted AI",
    ]
    workshop_slots = [
        (0, 8, 0),
        (1, 8, 0),
        (0, 12, 35),
        (1, 12, 35),
        (0, 15, 50),
        (1, 15, 50),
        (0, 18, 0),
        (1, 18, 0),
    ]
    for title, (day, hh, mm) in zip(workshops, workshop_slots, strict=True):
        add(
            f"Workshop: {title}",
            SessionKind.WORKSHOP,
            None,
            tunga if day == 0 else godavari,
            at(day, hh, mm),
            45,
            capacity=30,
            needs_signup=True,
        )


def _verify_us_persons(summit, organizer):
    """The demo's U.S. attendees, screened by the demo organizer, so restricted sessions open to them."""
    from summits.screening.services import verify_eligibility

    waiting = summit.registrations.filter(is_us_person=True).exclude(eligibility_status="verified")
    for registration in waiting:
        verify_eligibility(registration, actor=organizer, document="passport", reference="Demo data")


def _attendees(summit, categories, rng):
    if summit.registrations.count() >= 200:
        return
    User = get_user_model()
    existing = set(User.objects.filter(username__startswith="demo").values_list("username", flat=True))
    statuses = [RegistrationStatus.APPROVED] * 8 + [RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED]
    seats = {c.pk: 0 for c in categories}
    for i in range(200):
        username = f"demo{i:03d}@conclave.example"
        if username in existing:
            continue
        indian = i % 2 == 0
        if indian and i % 10 == 0:
            name = DEVANAGARI[(i // 10) % len(DEVANAGARI)]
        elif indian:
            name = f"{rng.choice(INDIAN_FIRST)} {rng.choice(INDIAN_LAST)}"
        else:
            name = f"{rng.choice(AMERICAN_FIRST)} {rng.choice(AMERICAN_LAST)}"
        user = User.objects.create_user(username=username, email=username, password=None)
        EmailAddress.objects.create(user=user, email=username, verified=True, primary=True)
        category = categories[i % len(categories)]
        status = rng.choice(statuses)
        if category.needs_approval and status == RegistrationStatus.APPROVED and i % 3 == 0:
            status = RegistrationStatus.PENDING
        if category.capacity is not None and seats[category.pk] >= category.capacity:
            status = RegistrationStatus.WAITLISTED
        if status != RegistrationStatus.WAITLISTED:
            seats[category.pk] += 1
        Registration.objects.create(
            user=user,
            summit=summit,
            category=category,
            status=status,
            badge_name=name,
            organisation=rng.choice(INDIAN_ORGS if indian else US_ORGS),
            job_title=rng.choice(["Founder", "Engineer", "Director", "Analyst", "Officer", "Researcher"]),
            country_of_citizenship="IN" if indian else "US",
            is_us_person=not indian,
        )
