"""The only URL fetcher badge rendering uses.

WeasyPrint may load `data:` URIs (the QR codes) and files inside the app's own
static directories; nothing from the network and nothing else from the file
system. Kept free of Django imports so render worker processes start fast.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticOnlyURLFetcher(URLFetcher):
    def __init__(self, static_roots=(), **kwargs):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, **kwargs)
        self.static_roots = [Path(root).resolve() for root in static_roots]

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self.allowed_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        raise ValueError(f"Badge rendering may not load {url[:80]!r}: only the app's static files and data: URIs.")

    def allowed_path(self, url):
        parts = urlsplit(url)
        if parts.netloc not in {"", "localhost"}:
            return None
        path = Path(unquote(parts.path)).resolve()
        for root in self.static_roots:
            if path.is_relative_to(root) and path.is_file():
                return path
        return None
