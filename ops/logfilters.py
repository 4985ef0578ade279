import logging
import re
from urllib.parse import unquote, urlsplit

from django.urls import Resolver404, resolve

# runserver's access line: "GET /delegations/feed/<token>.ics?x=1 HTTP/1.1"
REQUEST_LINE = re.compile(r"^(?P<method>[A-Z]+) (?P<target>\S+)(?P<version> HTTP/[\d.]+)$")
UNRESOLVED = "(unresolved path)"


def route_of(target):
    """The URL pattern a path (with or without its query) resolves to; never the path itself,
    which can hold a feed, invitation or email-confirmation token, nor its query (?next=...)."""
    try:
        return "/" + resolve(unquote(urlsplit(target).path)).route
    except (Resolver404, ValueError):
        return UNRESOLVED


def scrub_arg(arg):
    if not isinstance(arg, str):
        return arg
    if arg.startswith("/"):
        return route_of(arg)
    line = REQUEST_LINE.match(arg)
    if line:
        return f"{line['method']} {route_of(line['target'])}{line['version']}"
    return arg


class RouteInsteadOfPathFilter(logging.Filter):
    """Django's own request loggers ("Not Found: /path", "Forbidden (CSRF ...): /path", and
    runserver's "GET /path HTTP/1.1" 404) print the raw path, which can hold a live secret
    (a feed or invitation token). Put the URL pattern in its place. Attached to each logger
    that prints paths (settings.LOGGING), and to the console handler for anything else."""

    def filter(self, record):
        # Once per record: a route put in a path's place would not resolve a second time.
        if getattr(record, "routes_only", False) or not isinstance(record.args, tuple):
            return True
        record.routes_only = True
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        match = getattr(request, "resolver_match", None)
        args = []
        for arg in record.args:
            if path and arg == path:
                # The pattern Django actually matched, when there is one.
                args.append(f"/{match.route}" if match else route_of(path))
            else:
                args.append(scrub_arg(arg))
        record.args = tuple(args)
        return True
