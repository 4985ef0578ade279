"""Where a webhook may go: https (in production) to a public address, checked when the endpoint
is saved and again at each delivery, after DNS resolution, and the connection is then made to
the very address that was checked (no second lookup a DNS rebinding could change)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import WebhookError


def _allowed(address):
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return True
    return ip.is_global and not ip.is_multicast


def resolve(url):
    """(host, port, [checked addresses]) for `url`, or WebhookError with the reason."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise WebhookError("bad_url", _("Enter a valid URL.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError("bad_url", _("Enter a valid http or https URL."))
    if parts.scheme != "https" and settings.WEBHOOKS_REQUIRE_HTTPS:
        raise WebhookError("not_https", _("Webhook endpoints must use https."))
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise WebhookError("unresolvable", _("This host name does not resolve.")) from None
    addresses = sorted({info[4][0] for info in infos})
    if not addresses or not all(_allowed(address) for address in addresses):
        raise WebhookError(
            "private_address", _("Webhook endpoints may not point at private, loopback or reserved addresses.")
        )
    return parts.hostname, port, addresses
