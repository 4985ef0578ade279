"""Calendar feeds: the public agenda, a person's private feed, single-session downloads.

Modules, bottom to top: `sql` (raw SQL run as prepared statements), `state` (one
query: the object plus change markers behind the ETag), `tokens` (the private feed's
secret), `events` (what goes into a feed, and the bytes, built with the pure builders
in ical.py), and thin `views` that answer 304 from the state alone, serve built bytes
from the cache keyed by the ETag, or build the feed.

Calendar apps poll every few minutes, so a 304 or an unchanged feed costs one query
(the change markers behind the ETag are reused per process for FEED_STATE_SECONDS;
a private feed's token is checked on every request), and a full build a fixed number:
public 3 (state, summit, sessions with people), private 3 (token with registration and
summit, change markers, sessions with people and clearances) plus the delegations
app's fixed count when the person is on a delegation.
"""

from .events import feed_sessions, personal_feed_events, summit_day_spans
from .state import personal_feed_state, public_feed_state, registration_from_state_row
from .tokens import live_feed_token, personal_feed_url, renew_feed_token

__all__ = [
    "feed_sessions",
    "live_feed_token",
    "personal_feed_events",
    "personal_feed_state",
    "personal_feed_url",
    "public_feed_state",
    "registration_from_state_row",
    "renew_feed_token",
    "summit_day_spans",
]
