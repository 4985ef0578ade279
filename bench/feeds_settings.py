"""Settings for bench/feeds.py's gunicorn: the real settings, with a trivial view routed
(bench_urls) and the feed bytes cache switched off for the cold-build run (FEED_BENCH_CACHE=0)."""

import os

from conclave.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
if os.environ.get("FEED_BENCH_CACHE") == "0":
    FEED_CACHE_SECONDS = 0  # every request builds the feed from the database
