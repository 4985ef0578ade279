"""One HTTP attempt: sign the body per Standard Webhooks and POST it to the checked address."""

import http.client
import json
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from standardwebhooks import Webhook

from .addresses import resolve
from .errors import WebhookError

USER_AGENT = "Conclave-Webhooks/1"


@dataclass
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300


def signed_headers(secret, message_id, body, *, now=None):
    timestamp = now or datetime.now(UTC)
    signature = Webhook(secret).sign(message_id, timestamp, body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


def _connection(url, address, timeout):
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port or 443, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)

    # Connect to the address that was checked; TLS still verifies the certificate for the host name.
    def create_connection(target, timeout=timeout, source_address=None):
        return socket.create_connection((address, target[1]), timeout, source_address)

    connection._create_connection = create_connection
    return connection


def post(url, *, secret, message_id, payload):
    """Send once. Never raises: the outcome says what happened (status, or the error)."""
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True)
    started = time.monotonic()

    def outcome(status_code=None, error=""):
        return Outcome(status_code, error[:300], int((time.monotonic() - started) * 1000))

    try:
        _host, _port, addresses = resolve(url)  # again at delivery: DNS may have changed
    except WebhookError as error:
        return outcome(error=f"{error.code}: {error.message}")
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = _connection(url, addresses[0], settings.WEBHOOK_TIMEOUT)
    try:
        connection.request("POST", path, body=body.encode(), headers=signed_headers(secret, message_id, body))
        response = connection.getresponse()
        response.read(2048)  # the body is not kept: only the status counts
        return outcome(response.status)
    except TimeoutError:
        return outcome(error="timeout")
    except (OSError, http.client.HTTPException) as error:
        return outcome(error=f"{type(error).__name__}: {error}")
    finally:
        connection.close()
