"""Live feed tokens remembered in one process, forgotten when any server revokes one.

Revocations are published on a Redis channel (see tokens.py); each process holds one
subscription and, before every lookup, reads what has arrived on it: a poll of a
socket, no round trip. Memory is trusted only while the subscription is known to be
alive: every HEARTBEAT_SECONDS (while requests come) it sends a PING, and it trusts
itself only if the PONG of a PING sent less than FRESH_SECONDS ago has come back.
Messages and PONGs share one ordered stream, so that PONG also proves that every
revocation published before its PING has been read. A connection that a network
device drops without a word is thus noticed within FRESH_SECONDS, not never.
A subscription that breaks or reconnects starts again with an empty memory.
"""

import os
import threading
from time import monotonic

from ops.redis import subscriber

CHANNEL = "conclave:feed-token-revoked"
LOCAL_SECONDS = 30  # a token is remembered this long at most
HEARTBEAT_SECONDS = 1
FRESH_SECONDS = 2
RETRY_SECONDS = 1  # between attempts to subscribe while Redis cannot be reached
MAX_ENTRIES = 10000


class RememberedTokens:
    def __init__(self):
        self.lock = threading.RLock()  # threaded servers share one subscription
        self.entries = {}  # selector -> (expires, value)
        self.generation = 0  # moves with every message: a read that spans one is not kept
        self.client = self.pubsub = None
        self.pid = None
        self.reconnected = False
        self.ping_sent_at = None  # the PING waiting for its PONG
        self.heard_at = None  # when the PING of the last PONG was sent
        self.next_attempt = 0.0

    def get(self, selector):
        with self.lock:
            if not self.trusted():
                return None
            entry = self.entries.get(selector)
            return entry[1] if entry is not None and entry[0] > monotonic() else None

    def start_read(self):
        """A mark to pass to `put`, taken before reading a token elsewhere."""
        with self.lock:
            return self.generation if self.trusted() else None

    def put(self, selector, value, mark):
        with self.lock:
            if mark is None or not self.trusted() or mark != self.generation:
                return  # a revocation may have arrived while it was being read
            if len(self.entries) >= MAX_ENTRIES:
                self.entries.clear()
            self.entries[selector] = (monotonic() + LOCAL_SECONDS, value)

    def forget(self, selector):
        with self.lock:
            self.entries.pop(selector, None)
            self.generation += 1

    def trusted(self):
        """Read what has arrived on the subscription; True if the memory can be trusted now."""
        if self.pubsub is None or self.pid != os.getpid():  # a forked child has its own
            self._subscribe()
            return self.pubsub is not None
        try:
            while (message := self.pubsub.get_message(timeout=0)) is not None:
                self._heard(message)
            now = monotonic()
            if self.ping_sent_at is None and now - self.heard_at >= HEARTBEAT_SECONDS:
                self.pubsub.ping()
                self.ping_sent_at = now
        except Exception:  # noqa: BLE001 - a broken subscription: forget everything, trust nothing
            self.drop_subscription()
            return False
        if self.reconnected:
            self.drop_subscription()
            return False
        return now - self.heard_at < FRESH_SECONDS

    def _heard(self, message):
        if message["type"] == "message":
            self.forget(message["data"].decode())
        elif message["type"] == "pong" and self.ping_sent_at is not None:
            self.heard_at, self.ping_sent_at = self.ping_sent_at, None

    def _subscribe(self):
        self._forget_all()
        if monotonic() < self.next_attempt:
            return
        client = subscriber()
        if client is None:
            return
        try:
            pubsub = client.pubsub()
            pubsub.subscribe(CHANNEL)
            confirmed = pubsub.get_message(timeout=1)
            if confirmed is None or confirmed["type"] != "subscribe":
                raise ConnectionError("no confirmation of the subscription")
        except Exception:  # noqa: BLE001 - Redis unreachable: no memory, the cache will say why
            client.close()
            self.next_attempt = monotonic() + RETRY_SECONDS
            return
        # The client too: collecting it would close its pool, the subscription's socket with it.
        self.client, self.pubsub, self.pid, self.reconnected = client, pubsub, os.getpid(), False
        self.heard_at, self.ping_sent_at = monotonic(), None  # the confirmation answers like a PONG
        # redis-py may reconnect and subscribe again by itself; whatever was published
        # in between is lost, so a reconnect ends this subscription (see `trusted`).
        pubsub.connection.register_connect_callback(self._on_reconnect)

    def _on_reconnect(self, connection):
        self.reconnected = True

    def drop_subscription(self):
        try:
            if self.pubsub is not None:
                self.pubsub.close()
                self.client.close()
        finally:
            self.client = self.pubsub = None
            self._forget_all()

    def _forget_all(self):
        self.entries.clear()
        self.generation += 1
