"""The itinerary booklet: HTML + CSS rendered by WeasyPrint, with no network access at all."""

import logging

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# WeasyPrint reports each rendering step (and its own import) at INFO; the site logs at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def offline_fetcher():
    """Refuses every URL except inline data: no http, no file, nothing leaves the process."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def _stylesheet():
    with open(finders.find("delegations/itinerary-print.css"), encoding="utf-8") as handle:
        return handle.read()


def itinerary_pdf(context):
    """Bytes of the booklet. `context` has delegation, summit, rows, days, visits, generated_at."""
    from weasyprint import CSS, HTML

    html = render_to_string("delegations/itinerary_pdf.html", context)
    fetcher = offline_fetcher()
    document = HTML(string=html, base_url="data:,", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[CSS(string=_stylesheet(), url_fetcher=fetcher)])
