"""Mails of the matchmaking app (sent by the worker, see tasks.py). A decline sends nothing."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from accounts.language import language_of

from . import zones
from .enums import MeetingStatus
from .models import Meeting, MeetingRequest


def _send(template, *, to, context):
    context = {"site_url": settings.SITE_URL, **context}
    with language_of(email=to):
        subject, _, body = render_to_string(f"meetings/email/{template}.txt", context).strip().partition("\n")
    EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=[to]).send()


def send_request_mail(request_id):
    request = MeetingRequest.objects.select_related("summit", "requester", "recipient__user").get(pk=request_id)
    _send("request", to=request.recipient.user.email, context={"request": request, "summit": request.summit})


def send_accepted_mail(request_id):
    request = MeetingRequest.objects.select_related("summit", "requester__user", "recipient").get(pk=request_id)
    _send("accepted", to=request.requester.user.email, context={"request": request, "summit": request.summit})


def send_schedule_mails(summit_id):
    meetings = Meeting.objects.filter(block__summit_id=summit_id, status=MeetingStatus.CONFIRMED).select_related(
        "block__summit", "table", "request__requester__user", "request__recipient__user"
    )
    people = {}
    for m in meetings:
        for me, other in ((m.request.requester, m.request.recipient), (m.request.recipient, m.request.requester)):
            people.setdefault(me.pk, (me, []))[1].append((m, other))
    if not people:
        return
    summit = next(iter(people.values()))[1][0][0].block.summit
    home = zones.home_zones(summit, {me.user_id for me, _rows in people.values()})
    for me, rows in people.values():
        context = {"summit": summit, "rows": rows, "me": me, "home_tz": home.get(me.user_id, "")}
        _send("schedule", to=me.user.email, context=context)
