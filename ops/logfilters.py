import logging


class RouteInsteadOfPathFilter(logging.Filter):
    """Django's own request loggers ("Not Found: /path", "Internal Server Error: /path")
    print the raw path, which can hold a live secret (a feed or invitation token).
    Put the URL pattern in its place."""

    def filter(self, record):
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path and isinstance(record.args, tuple):
            match = getattr(request, "resolver_match", None)
            route = f"/{match.route}" if match else "(unresolved path)"
            record.args = tuple(route if arg == path else arg for arg in record.args)
        return True
