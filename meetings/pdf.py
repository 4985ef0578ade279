"""The printable table plan of a meeting block: one page per table, who meets whom when.
HTML + CSS rendered by WeasyPrint with no network access."""

import logging

from django.template.loader import render_to_string
from django.utils import timezone, translation

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STYLE = """
@page { size: A4; margin: 18mm; }
body { font-family: sans-serif; font-size: 11pt; }
section.table { page-break-after: always; }
section.table:last-child { page-break-after: auto; }
h1 { font-size: 28pt; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; border-bottom: 0.5pt solid #999; padding: 2mm; }
"""


def table_plan_pdf(block, plan, *, summit):
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
    with timezone.override(summit.tz), translation.override(translation.get_language()):
        html = render_to_string("meetings/table_plan_pdf.html", {"block": block, "plan": plan, "summit": summit})
    return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=STYLE, url_fetcher=fetcher)]
    )
