"""Subscribe buttons for calendar feeds: `{% load feed_tags %}`."""

from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.urls import reverse

from ..calendar.tokens import live_feed_token, personal_feed_url
from ..enums import RegistrationStatus

register = template.Library()


def subscribe_urls(feed_url, name):
    """The ways to subscribe to `feed_url` (an absolute http(s) URL)."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return {
        "feed_url": feed_url,
        "webcal_url": webcal,
        "google_url": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}, quote_via=quote),
        "outlook_url": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": feed_url, "name": name}, quote_via=quote),
        "office_url": "https://outlook.office.com/calendar/0/addfromweb?"
        + urlencode({"url": feed_url, "name": name}, quote_via=quote),
        "name": name,
    }


@register.inclusion_tag("summits/includes/subscribe_links.html")
def agenda_subscribe_links(summit):
    feed_url = settings.SITE_URL + reverse("summits:agenda-feed", kwargs={"slug": summit.slug})
    return {**subscribe_urls(feed_url, summit.name), "private": False}


@register.inclusion_tag("summits/includes/personal_feed.html", takes_context=True)
def personal_feed_panel(context, registration):
    """'My summit': the private feed URL, subscribe links and the revoke-and-renew button."""
    summit = registration.summit
    result = {
        "summit": summit,
        "registration": registration,
        "csrf_token": context.get("csrf_token"),
        "available": registration.status in RegistrationStatus.active(),
    }
    token = live_feed_token(registration) if result["available"] else None
    if token is not None:
        token.registration = registration
        result.update(subscribe_urls(personal_feed_url(token), f"{summit.name} · my agenda"), private=True)
    result["has_token"] = token is not None
    return result


@register.inclusion_tag("summits/includes/subscribe_links.html")
def feed_subscribe_links(feed_url, name, label, feed_id):
    """The same subscribe menu for any other secret feed (a delegation's itinerary)."""
    return {**subscribe_urls(feed_url, name), "private": True, "label": label, "feed_id": feed_id}
