"""The itinerary booklet: HTML + CSS rendered by WeasyPrint, with no network access at all."""

import logging

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

# WeasyPrint reports each rendering step at INFO; the site logs at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class OfflineFetcher(URLFetcher):
    """Refuses every URL except inline data: no http, no file, nothing leaves the process."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)


def _stylesheet():
    path = finders.find("delegations/itinerary-print.css")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def itinerary_pdf(context):
    """Bytes of the booklet. `context` has delegation, roster, days, visits, generated_at."""
    html = render_to_string("delegations/itinerary_pdf.html", context)
    fetcher = OfflineFetcher()
    document = HTML(string=html, base_url="data:,", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[CSS(string=_stylesheet(), url_fetcher=fetcher)])
