"""Calendars: the pure iCal builder (`ical`), what feeds show and the state behind their
ETags (`feeds`), private feed tokens (`tokens`), and thin `views`.

A poll costs one indexed query for a private feed's token (with the registration and
summit rows), plus the change-marker query when this process has not read it within
FEED_STATE_SECONDS; a 304 or an unchanged feed then needs nothing else (bytes are
cached by ETag). A full build adds a fixed number of queries, whatever the sessions.
"""
