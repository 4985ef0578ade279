"""Acknowledgements of restricted sessions: organizer pages, sign-up with acceptance, new versions,
My agenda, and the compliance CSV."""

import csv
import hashlib
import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from summits.agenda.signups import sign_up_for_session
from summits.enums import Restriction, SignupStatus
from summits.errors import SignupError
from summits.models import AcknowledgementAcceptance, AuditEntry, SessionSignup
from summits.screening.acknowledgements import attach_acknowledgement, create_acknowledgement, publish_version
from tests.factories import CategoryFactory, RegistrationFactory, SummitFactory, UserFactory, roundtable

pytestmark = pytest.mark.django_db

ITAR_V1 = "This session discusses ITAR-controlled technical data.\nDo not share what you hear."
ITAR_V2 = "This session discusses ITAR and EAR controlled technical data.\nDo not share what you hear."


def url(name, summit, *args):
    return reverse(f"summits:{name}", args=[summit.slug, *args])


def us_person(summit, **fields):
    return RegistrationFactory(summit=summit, category=CategoryFactory(summit=summit), is_us_person=True, **fields)


@pytest.fixture
def closed(summit, organizer):
    """A U.S.-persons-only roundtable that asks for the ITAR notice (version 1)."""
    session = roundtable(summit, title="Hypersonics export rules", restriction=Restriction.US_PERSONS, capacity=5)
    notice = create_acknowledgement(summit=summit, title="ITAR notice", text=ITAR_V1, actor=organizer)
    attach_acknowledgement(session, notice, actor=organizer)
    session.refresh_from_db()
    return session


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


# ---------------------------------------------------------------- sign-up


def test_signup_page_shows_the_current_text_and_a_tick_box(client, summit, closed):
    registration = us_person(summit)
    client.force_login(registration.user)
    html = client.get(url("session", summit, closed.pk)).content.decode()
    assert "ITAR notice (version 1)" in html
    assert "<p>This session discusses ITAR-controlled technical data.<br>Do not share what you hear.</p>" in html
    assert '<label for="id_accept">I have read and accept this acknowledgement</label>' in html


def test_signup_without_ticking_is_refused_at_the_tick_box_and_stores_nothing(client, summit, closed):
    registration = us_person(summit)
    client.force_login(registration.user)
    version = closed.acknowledgement.versions.get()
    response = client.post(url("session-signup", summit, closed.pk), {"version": version.pk})
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'<div class="field field-error field-checkbox">(.*?)</div>', html, re.S).group(1)
    assert 'name="accept"' in error and "checked" not in error
    assert (
        '<p class="error" id="id_accept_error">Tick the box to accept the acknowledgement; it is required to sign up.</p>'
        in error
    )
    assert "ITAR notice (version 1)" in html  # the text is still there to read
    assert not SessionSignup.objects.exists() and not AcknowledgementAcceptance.objects.exists()
    assert mail.outbox == []


def test_signup_with_ticking_stores_seat_and_acceptance_with_the_texts_hash(client, summit, closed):
    registration = us_person(summit)
    client.force_login(registration.user)
    version = closed.acknowledgement.versions.get()
    response = client.post(url("session-signup", summit, closed.pk), {"version": version.pk, "accept": "on"})
    assert response.status_code == 302
    assert SessionSignup.objects.get().status == SignupStatus.CONFIRMED
    acceptance = AcknowledgementAcceptance.objects.get()
    assert (acceptance.registration, acceptance.user, acceptance.version.number, acceptance.method) == (
        registration,
        registration.user,
        1,
        "online",
    )
    assert acceptance.text_sha256 == sha(ITAR_V1) == version.text_sha256
    entry = AuditEntry.objects.get(action="summits.acknowledgement.accepted")
    assert (entry.actor, entry.data["number"], entry.data["sha256"]) == (registration.user, 1, sha(ITAR_V1))


def test_ticking_a_superseded_version_is_refused(summit, closed, organizer):
    registration = us_person(summit)
    old = closed.acknowledgement.versions.get()
    publish_version(closed.acknowledgement, text=ITAR_V2, actor=organizer)
    with pytest.raises(SignupError) as error:
        sign_up_for_session(registration=registration, session=closed, accepted_version=old)
    assert error.value.code == "acknowledgement_outdated"
    assert not SessionSignup.objects.exists()


def test_a_version_of_another_acknowledgement_does_not_count(client, summit, closed, organizer):
    other = create_acknowledgement(summit=summit, title="NDA", text="Keep it secret.", actor=organizer)
    registration = us_person(summit)
    client.force_login(registration.user)
    response = client.post(
        url("session-signup", summit, closed.pk), {"version": other.versions.get().pk, "accept": "on"}
    )
    assert response.status_code == 400
    assert not SessionSignup.objects.exists() and not AcknowledgementAcceptance.objects.exists()


def test_an_ineligible_person_never_sees_the_text(client, summit, closed):
    registration = RegistrationFactory(summit=summit, category=CategoryFactory(summit=summit), is_us_person=False)
    client.force_login(registration.user)
    html = client.get(url("session", summit, closed.pk)).content.decode()
    assert "ITAR" not in html and "Hypersonics" not in html
    response = client.post(url("session-signup", summit, closed.pk), {"accept": "on"})
    assert response.status_code == 302 and not SessionSignup.objects.exists()


# ---------------------------------------------------------------- a new version


def test_new_version_mails_everyone_signed_up_and_shows_on_my_agenda(client, summit, closed, organizer):
    first, second = us_person(summit, badge_name="Ann"), us_person(summit, badge_name="Bo")
    v1 = closed.acknowledgement.versions.get()
    for registration in (first, second):
        sign_up_for_session(registration=registration, session=closed, accepted_version=v1)
    mail.outbox.clear()
    v2 = publish_version(closed.acknowledgement, text=ITAR_V2, actor=organizer)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, second.user.email])
    assert mail.outbox[0].subject == f"{summit.name}: please accept the acknowledgement for your session"
    assert (
        "You are signed up for “Hypersonics export rules”. Its acknowledgement “ITAR notice” has a new version (2)."
        in (mail.outbox[0].body)
    )
    client.force_login(first.user)
    html = client.get(url("my-agenda", summit)).content.decode()
    assert "ITAR notice (version 2)" in html and "ITAR and EAR controlled" in html
    prefix = f"s{SessionSignup.objects.get(registration=first).pk}"
    refused = client.post(url("session-acknowledgement-accept", summit, closed.pk), {f"{prefix}-version": v2.pk})
    assert refused.status_code == 400
    assert "Tick the box to accept the acknowledgement." in refused.content.decode()
    accepted = client.post(
        url("session-acknowledgement-accept", summit, closed.pk), {f"{prefix}-version": v2.pk, f"{prefix}-accept": "on"}
    )
    assert accepted.status_code == 302
    assert list(first.acknowledgement_acceptances.values_list("version__number", flat=True)) == [1, 2]
    assert "ITAR notice (version 2)" not in client.get(url("my-agenda", summit)).content.decode()


def test_another_attendee_cannot_accept_for_someone_elses_signup(client, summit, closed, organizer):
    holder = us_person(summit)
    sign_up_for_session(registration=holder, session=closed, accepted_version=closed.acknowledgement.versions.get())
    v2 = publish_version(closed.acknowledgement, text=ITAR_V2, actor=organizer)
    client.force_login(us_person(summit).user)  # eligible, but not signed up
    response = client.post(url("session-acknowledgement-accept", summit, closed.pk), {"version": v2.pk, "accept": "on"})
    assert response.status_code == 404
    assert not AcknowledgementAcceptance.objects.filter(version=v2).exists()


def test_published_versions_never_change(summit, closed, organizer):
    version = closed.acknowledgement.versions.get()
    version.text = "edited"
    with pytest.raises(Exception, match="cannot be changed"):
        version.save()


# ---------------------------------------------------------------- organizer pages


def test_organizer_creates_publishes_and_attaches(client, summit, organizer):
    session = roundtable(summit, title="Space ISR", restriction=Restriction.US_PERSONS)
    client.force_login(organizer)
    response = client.post(url("manage-acknowledgements", summit), {"title": "NDA", "text": "Say nothing.\r\nEver."})
    ack = summit.acknowledgements.get()
    assert response.status_code == 302 and response["Location"] == url("manage-acknowledgement", summit, ack.pk)
    assert ack.versions.get().text == "Say nothing.\nEver."
    attached = client.post(url("acknowledgement-sessions", summit, ack.pk), {"session": session.pk})
    assert attached.status_code == 302
    session.refresh_from_db()
    assert session.acknowledgement == ack
    client.post(url("acknowledgement-publish", summit, ack.pk), {"text": "Say nothing, ever."})
    html = client.get(url("manage-acknowledgement", summit, ack.pk)).content.decode()
    assert "Version 2" in html and "Version 1" in html and sha("Say nothing, ever.") in html
    actions = list(
        AuditEntry.objects.filter(action__startswith="summits.acknowledgement.").values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "summits.acknowledgement.attached",
        "summits.acknowledgement.published",
        "summits.acknowledgement.published",
    ]


def test_refused_forms_keep_the_text_and_store_nothing(client, summit, organizer, closed):
    ack = closed.acknowledgement
    open_session = roundtable(summit, title="Open panel")
    other_summits = roundtable(SummitFactory(), restriction=Restriction.US_PERSONS)
    client.force_login(organizer)
    duplicate = client.post(url("manage-acknowledgements", summit), {"title": "itar NOTICE", "text": "Typed text"})
    assert duplicate.status_code == 400
    assert "This summit already has an acknowledgement with this title." in duplicate.content.decode()
    assert "Typed text</textarea>" in duplicate.content.decode()
    unchanged = client.post(url("acknowledgement-publish", summit, ack.pk), {"text": ITAR_V1})
    assert unchanged.status_code == 400
    assert "This is the text of the current version: change it first." in unchanged.content.decode()
    for session in (open_session, other_summits):
        refused = client.post(url("acknowledgement-sessions", summit, ack.pk), {"session": session.pk})
        assert refused.status_code == 400
        assert "Choose one of this summit&#x27;s restricted sessions." in refused.content.decode()
    assert ack.versions.count() == 1 and summit.acknowledgements.count() == 1
    assert [s.pk for s in ack.sessions.all()] == [closed.pk]


@pytest.mark.parametrize("who", ["anonymous", "attendee", "organizer_elsewhere"])
def test_organizer_pages_and_compliance_csv_are_404_to_others(client, summit, closed, who):
    if who == "attendee":
        client.force_login(us_person(summit).user)
    elif who == "organizer_elsewhere":
        user = UserFactory()
        SummitFactory(organizers=[user])
        client.force_login(user)
    ack = closed.acknowledgement
    for path in (
        url("manage-acknowledgements", summit),
        url("manage-acknowledgement", summit, ack.pk),
        url("session-compliance-csv", summit, closed.pk),
    ):
        response = client.get(path)
        assert response.status_code == 404, path
    client.post(url("acknowledgement-publish", summit, ack.pk), {"text": "Hijacked"})
    client.post(url("manage-acknowledgements", summit), {"title": "Mine", "text": "Hijacked"})
    assert ack.versions.count() == 1 and summit.acknowledgements.count() == 1


# ---------------------------------------------------------------- compliance CSV


def csv_rows(response):
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_compliance_csv_lists_acceptances_and_neutralises_formulas(client, summit, closed, organizer):
    v1 = closed.acknowledgement.versions.get()
    signed = us_person(summit, badge_name="=cmd|calc", organisation="Acme")
    signed.eligibility_checked_by = organizer
    signed.save(update_fields=["eligibility_checked_by"])
    checked_at = signed.eligibility_checked_at.astimezone(summit.tz)
    sign_up_for_session(registration=signed, session=closed, accepted_version=v1)
    publish_version(closed.acknowledgement, text=ITAR_V2, actor=organizer)
    client.force_login(organizer)
    rows = csv_rows(client.get(url("session-compliance-csv", summit, closed.pk)))
    accepted_at = AcknowledgementAcceptance.objects.get().accepted_at.astimezone(summit.tz)
    assert rows == [
        {
            "name": "'=cmd|calc",
            "organisation": "Acme",
            "email": signed.user.email,
            "category": signed.category.name,
            "sign-up": "Confirmed",
            "eligibility basis": f"U.S. person, verified by {organizer.email} on {checked_at:%Y-%m-%d %H:%M} (Passport)",
            "acknowledgement version accepted": "1",
            "accepted (Asia/Kolkata)": f"{accepted_at:%Y-%m-%d %H:%M}",
            "accepted how": "online",
            "current version accepted": "no",
            "admitted (Asia/Kolkata)": "",
            "door scans (Asia/Kolkata)": "",
        }
    ]


def test_compliance_csv_query_count_does_not_grow(client, summit, closed, organizer):
    v1 = closed.acknowledgement.versions.get()
    closed.capacity = 30
    closed.save()
    client.force_login(organizer)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            rows = csv_rows(client.get(url("session-compliance-csv", summit, closed.pk)))
        return len(rows), len(captured)

    sign_up_for_session(registration=us_person(summit), session=closed, accepted_version=v1)
    one = count_queries()
    for _ in range(19):
        sign_up_for_session(registration=us_person(summit), session=closed, accepted_version=v1)
    twenty = count_queries()
    assert (one[0], twenty[0]) == (1, 20)
    assert twenty[1] == one[1]


def test_summit_archive_round_trip_keeps_acknowledgements(summit, closed):
    import json

    from archive.queries import export_summit_json
    from archive.services import import_summit
    from tests.archives import canonical, without_audit

    sign_up_for_session(
        registration=us_person(summit), session=closed, accepted_version=closed.acknowledgement.versions.get()
    )
    archive = json.loads(export_summit_json(summit))
    organizers = list(summit.organizers.values_list("email", flat=True))
    copy = import_summit(archive, slug=f"{summit.slug}-copy", organizers=organizers)
    assert canonical(without_audit(json.loads(export_summit_json(copy)))) == canonical(without_audit(archive))
    session = copy.sessions.get()
    assert (session.acknowledgement.title, session.acknowledgement.summit) == ("ITAR notice", copy)
    acceptance = AcknowledgementAcceptance.objects.get(registration__summit=copy)
    assert (acceptance.version.text, acceptance.text_sha256) == (ITAR_V1, sha(ITAR_V1))
