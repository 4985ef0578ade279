"""Calendars: the pure iCal builder (`ical`), each feed's events and the state behind its
ETag (`feeds`), private feed tokens (`tokens`), and thin `views`.

A private poll costs one indexed query (the token with its registration row), plus the
change-marker query (with the summit and the owner's language) when this process has not
read it within FEED_STATE_SECONDS; a 304 or an unchanged feed then needs nothing else (bytes
are cached by ETag). A full build adds a fixed number of queries, whatever the sessions.
"""
