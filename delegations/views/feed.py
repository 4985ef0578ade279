"""The delegation's calendar feed at a secret URL, and rotating that URL."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe

from ops.ratelimit import rate_limit
from summits.calendar.feeds import FeedState, recent
from summits.calendar.views import calendar_response

from .. import queries, services
from ..ical import delegation_calendar, feed_etag
from .access import DelegationMixin


class RotateFeedView(DelegationMixin, View):
    manage = True

    def post(self, request, pk):
        services.rotate_feed_token(self.delegation, actor=request.user)
        messages.success(request, _("The feed has a new secret address; the old one no longer works."))
        return redirect("delegations:roster", pk=pk)


@require_safe
@rate_limit("feed", rate="FEED_RATE_LIMIT", key=lambda request, token: token[:16])
def delegation_feed(request, token):
    """The delegation's calendar at a secret URL (calendar apps cannot sign in).

    The token is checked on every request (a rotated URL answers 404 at once); the
    feed's state is reused per process for FEED_STATE_SECONDS, as the summit feeds' are,
    so a poll costs that one query and a change reaches calendars at most that much later.
    The answer (304, or bytes cached by ETag) is the summit feeds' `calendar_response`.
    """
    delegation = queries.delegation_for_feed_token(token)
    if delegation is None:
        raise Http404
    read = {}

    def read_state():
        read["events"], last_modified = queries.delegation_feed_contents(delegation)
        last_modified = last_modified.replace(microsecond=0)
        return FeedState(etag=feed_etag(delegation, read["events"], stamp=last_modified), last_modified=last_modified)

    state = recent(f"delegations.feed-state:{delegation.pk}", read_state)

    def build():
        events = read["events"] if "events" in read else queries.delegation_feed_events(delegation)
        return delegation_calendar(delegation, events, stamp=state.last_modified)

    return calendar_response(request, state, build, private=True, filename=f"delegation-{delegation.pk}.ics")
