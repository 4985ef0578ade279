"""The desk, the scan endpoint, figures, print runs and the attendee's own badge, over HTTP."""

import csv
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from badges.checkin import check_in
from badges.models import Badge, BadgeBatch, Checkin
from badges.services import badge_for
from summits.models import AuditEntry
from tests.badges.helpers import decode_qr
from tests.factories import CategoryFactory, CheckinStaffFactory, RegistrationFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, summit, **kwargs):
    return reverse(f"badges:{name}", kwargs={"slug": summit.slug, **kwargs})


def post_json(client, summit, payload, **extra):
    return client.post(
        url("scan", summit),
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
        **extra,
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_desk_page_for_venue_staff(staff_client, summit):
    response = staff_client.get(url("desk", summit))
    assert response.status_code == 200
    assert b'name="code"' in response.content and b"js/checkin.js" in response.content
    assert b"<script>" not in response.content and b" style=" not in response.content


@pytest.mark.parametrize("who", ["anonymous", "attendee", "staff_elsewhere", "organizer_elsewhere"])
def test_desk_and_scan_are_404_for_anyone_but_this_summits_staff(client, summit, other_summit, approved, who):
    if who == "attendee":
        client.force_login(approved.user)
    elif who == "staff_elsewhere":
        client.force_login(CheckinStaffFactory(summit=other_summit).user)
    elif who == "organizer_elsewhere":
        user = UserFactory()
        other_summit.organizers.add(user)
        client.force_login(user)
    assert client.get(url("desk", summit)).status_code == 404
    response = post_json(client, summit, {"code": badge_for(approved).secret})
    assert response.status_code == 404
    assert client.post(url("reprint", summit, pk=approved.pk)).status_code == 404
    assert not Checkin.objects.exists()


def test_json_scan_answers_checked_in_then_already(staff_client, summit, approved):
    secret = badge_for(approved).secret
    first = post_json(staff_client, summit, {"code": secret, "desk": "Desk 2"})
    assert first.status_code == 200
    body = first.json()
    assert body["outcome"] == "checked_in" and body["tone"] == "ok" and body["name"] == "Priya Raman"
    assert body["details"] == ["DRDO", approved.category.name, "India"]
    second = post_json(staff_client, summit, {"code": secret, "desk": "Desk 3"}).json()
    assert second["outcome"] == "already_checked_in" and second["message"].endswith("by Desk 2.")


def test_desk_answers_another_summits_badge_exactly_like_an_unknown_code(staff_client, summit, other_summit):
    stranger = RegistrationFactory(summit=other_summit, badge_name="Stranger Elsewhere")
    foreign = badge_for(stranger).secret
    unknown = "ABCDEFGHJKMNPQRSTUVWXYZ2"
    assert len(unknown) == len(foreign)
    answers = [post_json(staff_client, summit, {"code": code, "desk": "Desk 1"}) for code in (unknown, foreign)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].content == answers[1].content
    assert answers[1].json()["outcome"] == "unknown"
    pages = [staff_client.post(url("scan", summit), {"code": code, "desk": "Desk 1"}) for code in (unknown, foreign)]
    assert [p.status_code for p in pages] == [200, 200]
    html = [p.content.decode() for p in pages]
    verdicts = [h[h.index('<div id="scan-result"') : h.index("</div>", h.index('<div id="scan-result"'))] for h in html]
    assert verdicts[0] == verdicts[1]
    assert 'data-outcome="unknown"' in verdicts[1] and "No badge has this code." in verdicts[1]
    assert "Stranger Elsewhere" not in html[1] and "another summit" not in html[1]


def test_plain_form_fallback_renders_the_verdict(staff_client, summit, approved):
    response = staff_client.post(url("scan", summit), {"code": badge_for(approved).secret, "desk": "Desk 4"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-outcome="checked_in"' in html and "scan-ok" in html and "Priya Raman" in html
    assert 'value="Desk 4"' in html


def test_scan_needs_a_csrf_token(summit, staff_user, approved):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    response = post_json(client, summit, {"code": badge_for(approved).secret})
    assert response.status_code == 403
    assert not Checkin.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("{not json", "application/json", "The scan was not valid JSON."),
        ("[1, 2]", "application/json", "The scan was not valid JSON."),
        (json.dumps({"code": "x" * 3000}), "application/json", "The request is too large for a badge scan."),
        (json.dumps({"code": "<script>alert(1)</script>"}), "application/json", "That is not a badge code"),
        (json.dumps({"code": "A" * 100}), "application/json", "at most 64"),
        (json.dumps({"desk": "D"}), "application/json", "Scan a badge or type its code."),
        (json.dumps({"registration": 2**70}), "application/json", "less than or equal to"),
        (json.dumps({"code": "ABCD", "session": "x"}), "application/json", "Enter a whole number."),
        (json.dumps({"code": ["ABCD"]}), "application/json", "That is not a badge code"),
    ],
)
def test_bad_input_is_400_with_a_clear_message(staff_client, summit, body, content_type, message):
    response = staff_client.post(
        url("scan", summit), data=body, content_type=content_type, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_bad_input_in_the_plain_form_is_400_with_the_message_shown(staff_client, summit):
    response = staff_client.post(url("scan", summit), {"code": "<b>x</b>", "desk": "Desk 9"})
    assert response.status_code == 400
    assert "That is not a badge code" in response.content.decode()
    assert 'value="Desk 9"' in response.content.decode()


def test_door_scan_through_the_endpoint(staff_client, summit, approved):
    session = SessionFactory(summit=summit, restriction="us_persons")
    body = post_json(staff_client, summit, {"code": badge_for(approved).secret, "session": session.pk}).json()
    assert body["outcome"] == "not_eligible" and body["tone"] == "bad"
    other = SessionFactory()
    response = post_json(staff_client, summit, {"code": badge_for(approved).secret, "session": other.pk})
    assert response.status_code == 400


def test_name_search_finds_and_checks_in_without_a_badge(staff_client, summit, approved):
    page = staff_client.get(url("desk", summit), {"q": "priya"})
    assert "Priya Raman" in page.content.decode()
    response = staff_client.post(url("scan", summit), {"registration": approved.pk, "desk": "Desk 1"})
    assert 'data-outcome="checked_in"' in response.content.decode()
    stranger = RegistrationFactory()
    response = staff_client.post(url("scan", summit), {"registration": stranger.pk, "desk": "Desk 1"})
    assert response.status_code == 400
    assert Checkin.objects.count() == 1


def test_reprint_at_the_desk_returns_a_new_badge_and_revokes_the_old(staff_client, summit, approved):
    old = badge_for(approved).secret
    response = staff_client.post(url("reprint", summit, pk=approved.pk), {"desk": "Desk 1"})
    assert response["Content-Type"] == "application/pdf"
    new = Badge.objects.get().secret
    assert new != old and decode_qr(response.content) == [new]
    assert post_json(staff_client, summit, {"code": old}).json()["outcome"] == "revoked"


def test_attendee_downloads_own_badge_only_when_approved(client, summit, category):
    registration = RegistrationFactory(summit=summit, category=category, badge_name="Asha Iyer")
    client.force_login(registration.user)
    me = client.get(reverse("summits:me", kwargs={"slug": summit.slug}))
    assert url("my-badge", summit) in me.content.decode()
    response = client.get(url("my-badge", summit))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert decode_qr(response.content) == [Badge.objects.get(registration=registration).secret]
    registration.status = "pending"
    registration.save()
    assert client.get(url("my-badge", summit)).status_code == 404
    assert (
        url("my-badge", summit) not in client.get(reverse("summits:me", kwargs={"slug": summit.slug})).content.decode()
    )


def test_figures_and_csv_for_organizers(client, summit, organizer, staff_user):
    industry, media = CategoryFactory(summit=summit, name="Industry"), CategoryFactory(summit=summit, name="Media")
    people = [RegistrationFactory(summit=summit, category=industry) for _ in range(3)]
    RegistrationFactory(summit=summit, category=media, badge_name="=HYPERLINK(1)")
    check_in(summit=summit, registration=people[0], staff=staff_user, desk="Desk 1")
    check_in(summit=summit, registration=people[1], staff=staff_user, desk="Desk 2")
    client.force_login(organizer)
    page = client.get(url("figures", summit)).content.decode()
    # The chart is drawn by the server; the page's only script swaps in fresh figures each minute.
    assert "<svg" in page and 'class="chart-bar"' in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/live-refresh.js" defer>']
    assert 'id="live-figures" data-refresh-seconds="60"' in page and "http-equiv" not in page
    assert '<tr><th scope="row">Industry</th><td>3</td><td>2</td><td>1</td></tr>' in page
    rows = list(csv.reader(io.StringIO(client.get(url("export", summit)).content.decode())))
    assert rows[0][4] == "checked in (Asia/Kolkata)"
    assert sum(1 for row in rows[1:] if row[4]) == 2
    assert ["'=HYPERLINK(1)"] == [row[0] for row in rows if "HYPERLINK" in row[0]]
    client.force_login(staff_user)  # venue staff work the desk but do not see figures
    assert client.get(url("figures", summit)).status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_desk_batches_figures_and_export_query_count_does_not_grow(
    client, summit, organizer, category, count, django_assert_max_num_queries
):
    for _ in range(count):
        person = RegistrationFactory(summit=summit, category=category, badge_name="Sam Query")
        check_in(summit=summit, registration=person, staff=organizer)
    client.force_login(organizer)
    with django_assert_max_num_queries(12):
        assert client.get(url("desk", summit), {"q": "Sam"}).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(url("batches", summit)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("figures", summit)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(url("export", summit)).status_code == 200


def test_print_run_by_category_sorted_by_surname_marks_printed(client, summit, organizer, category):
    other = CategoryFactory(summit=summit)
    RegistrationFactory(summit=summit, category=category, badge_name="Zed Adams")
    RegistrationFactory(summit=summit, category=category, badge_name="Amy Zimmer")
    RegistrationFactory(summit=summit, category=other, badge_name="Not Me")
    RegistrationFactory(summit=summit, category=category, badge_name="Pending Person", status="pending")
    client.force_login(organizer)
    response = client.post(
        url("batches", summit),
        {"scope": "category", "category": category.pk, "format": "letter", "sort": "surname", "cut_marks": "on"},
    )
    batch = BadgeBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == url("batch", summit, pk=batch.pk)
    assert (batch.status, batch.done, batch.total) == ("done", 2, 2)
    page = client.get(url("batch", summit, pk=batch.pk)).content.decode()
    assert '<progress id="batch-progress" max="2" value="2">' in page and "Download the PDF" in page
    download = client.get(url("batch-download", summit, pk=batch.pk))
    pdf = b"".join(download.streaming_content)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert text.index("Zed Adams") < text.index("Amy Zimmer")  # Adams before Zimmer
    assert "Not Me" not in text and "Pending Person" not in text
    assert Badge.objects.filter(printed_at__isnull=False).count() == 2
    # "not yet printed" now finds only the other category's badge.
    client.post(url("batches", summit), {"scope": "not_printed", "format": "badge", "sort": "surname"})
    assert BadgeBatch.objects.first().total == 1
    assert AuditEntry.objects.filter(action="badges.batch.printed").count() == 2


def test_hand_picked_print_run_and_form_errors(client, summit, organizer, category):
    picked, _ = (
        RegistrationFactory(summit=summit, category=category),
        RegistrationFactory(summit=summit, category=category),
    )
    client.force_login(organizer)
    response = client.post(url("batches", summit), {"scope": "selected", "format": "a4", "sort": "surname"})
    assert response.status_code == 400 and "Tick at least one person." in response.content.decode()
    assert 'value="a4" selected' in response.content.decode()
    client.post(
        url("batches", summit), {"scope": "selected", "selected": [picked.pk], "format": "a4", "sort": "surname"}
    )
    assert BadgeBatch.objects.get().registration_ids == [picked.pk]


def test_print_run_download_is_404_for_an_organizer_of_another_summit(
    client, summit, other_summit, organizer, approved
):
    client.force_login(organizer)
    client.post(url("batches", summit), {"scope": "all", "format": "badge", "sort": "surname"})
    batch = BadgeBatch.objects.get()
    intruder = UserFactory()
    other_summit.organizers.add(intruder)
    client.force_login(intruder)
    assert client.get(url("batch-download", summit, pk=batch.pk)).status_code == 404
    assert client.get(url("batch-download", other_summit, pk=batch.pk)).status_code == 404
    assert client.get(url("batch", summit, pk=batch.pk)).status_code == 404


def test_organizer_names_desk_staff_who_then_may_scan(client, summit, organizer, approved):
    helper = UserFactory(email="volunteer@example.org")
    client.force_login(organizer)
    response = client.post(url("staff", summit), {"email": "nobody@example.org"})
    assert response.status_code == 400 and "No account uses this email address" in response.content.decode()
    assert 'value="nobody@example.org"' in response.content.decode()
    client.post(url("staff", summit), {"email": "Volunteer@example.org"})
    client.force_login(helper)
    assert client.get(url("desk", summit)).status_code == 200
    assert client.get(url("staff", summit)).status_code == 404  # staff are not organizers
    client.force_login(organizer)
    role = helper.checkin_roles.get()
    client.post(url("staff", summit), {"remove": role.pk})
    client.force_login(helper)
    assert client.get(url("desk", summit)).status_code == 404
    assert list(AuditEntry.objects.filter(action__startswith="badges.staff").values_list("action", flat=True)) == [
        "badges.staff.removed",
        "badges.staff.added",
    ]


def test_running_print_run_shows_progress_and_refreshes_itself(client, summit, organizer):
    batch = BadgeBatch.objects.create(summit=summit, status="running", total=40, done=10, description="All")
    client.force_login(organizer)
    page = client.get(url("batch", summit, pk=batch.pk)).content.decode()
    assert 'id="batch-status" data-status="running" data-refresh-seconds="2"' in page
    assert "js/live-refresh" in page and "http-equiv" not in page
    assert '<progress id="batch-progress" max="40" value="10">25 %</progress>' in page
    assert "Download the PDF" not in page
    assert client.get(url("batch-download", summit, pk=batch.pk)).status_code == 404


def test_print_run_reports_progress_chunk_by_chunk(summit, organizer, category, monkeypatch):
    from badges import pdf as badge_pdf
    from badges.batches import run_badge_batch

    people = [RegistrationFactory(summit=summit, category=category) for _ in range(61)]
    batch = BadgeBatch.objects.create(summit=summit, total=61, registration_ids=[p.pk for p in people])
    seen = []

    def fake_render(chunks, *, on_chunk, **kwargs):
        for count, _html in enumerate(chunks, start=1):
            on_chunk(count)
            seen.append(BadgeBatch.objects.get(pk=batch.pk).done)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(badge_pdf, "render_chunks", fake_render)
    run_badge_batch(batch.pk)
    assert seen == [30, 60, 61]
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("done", 61)
    batch.file.delete(save=False)


def test_venue_staff_see_a_closed_session_only_as_closed_at_the_door(client, summit, organizer, staff_user):
    SessionFactory(summit=summit, title="Export-controlled propulsion roundtable", restriction="us_persons")
    SessionFactory(summit=summit, title="Opening plenary")
    client.force_login(staff_user)
    page = client.get(url("desk", summit)).content.decode()
    assert "Opening plenary" in page and "Closed session" in page
    assert "propulsion" not in page
    closed = summit.sessions.get(restriction="us_persons")
    page = client.get(url("desk", summit), {"session": closed.pk}).content.decode()
    assert "Door: Closed session" in page and "propulsion" not in page
    client.force_login(organizer)
    assert "Export-controlled propulsion roundtable" in client.get(url("desk", summit)).content.decode()


def test_print_form_refuses_ids_no_database_can_hold(client, summit, organizer, approved):
    client.force_login(organizer)
    huge = str(2**70)
    response = client.post(
        url("batches", summit), {"scope": "selected", "selected": [huge], "format": "a4", "sort": "surname"}
    )
    assert response.status_code == 400
    response = client.post(
        url("batches", summit), {"scope": "category", "category": huge, "format": "a4", "sort": "surname"}
    )
    assert response.status_code == 400
    assert not BadgeBatch.objects.exists()
