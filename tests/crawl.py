"""Every route of the URL configuration as a URL to fetch, for the tests that crawl the site
looking for something that must not be there (a closed session's details, a token)."""

import re
import subprocess
import tempfile
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver


def walk(patterns=None, prefix=""):
    """(route, URLPattern) for every route, nested includes flattened."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def fill(route, values):
    """'summits/<slug:slug>/sessions/<int:pk>/' → '/summits/s/sessions/3/'.

    Every argument gets a value: `values[name]` when given, else `values["pk"]` for any other
    integer, and a dummy for strings. None for a regular-expression route."""
    if route.startswith("^") or "(?P" in route:
        return None

    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        if name in values:
            return str(values[name])
        if converter == "int":
            return str(values["pk"])
        if converter == "uuid":
            return "00000000-0000-0000-0000-000000000000"
        return "x"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def response_text(response):
    """What a person reads in a response: a PDF's text layer (pdftotext), any other body decoded."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "page.pdf"
            path.write_bytes(body)
            return subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, check=True, timeout=60
            ).stdout.decode()
    return body.decode("utf-8", "replace")
