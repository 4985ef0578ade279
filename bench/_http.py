"""A minimal HTTP/1.1 client for the load benchmarks (bench/agenda.py, bench/mixed_load.py).

The load client runs on the same 2 cores as gunicorn and PostgreSQL, so every CPU-second it
spends is taken from the server it measures: aiohttp cost 2.8 ms of CPU a request (a sixth of
the machine in the mixed load), and 200 threads with http.client measured their own contention
for the GIL. Here a request is bytes encoded once, sent by one coroutine over asyncio's raw
streams on a connection of its own (`Connection: close`: gunicorn's sync workers close after
each answer anyway), and only the status line and the headers a caller asks for are parsed.
"""

import asyncio
import time
from typing import NamedTuple

HOST = "127.0.0.1"


class Answer(NamedTuple):
    status: int  # 0: no answer (see failure)
    headers: dict  # the wanted headers, lower-case names
    seconds: float  # from before connecting to the last byte
    failure: str  # the exception's class name when there was no answer, else ""


def encode(method, path, *, cookie="", headers=None, body=b""):
    """One request's bytes, to send as often as wanted."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method not in ("GET", "HEAD"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def fetch(port, request, *, timeout=30, want=()):
    """Send `request` (from encode()) and read the whole answer. A timeout, a refused or broken
    connection or a malformed answer is status 0 with the exception's class name."""
    start = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(HOST, port)
            try:
                writer.write(request)
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                status = int(head[0].split(" ", 2)[1])
                headers, length = {}, None
                for line in head[1:]:
                    name, _, value = line.partition(":")
                    name = name.strip().lower()
                    if name == "content-length":
                        length = int(value)
                    if name in want:
                        headers[name] = value.strip()
                if length is None or status in (204, 304):
                    await reader.read()  # until the server closes
                else:
                    await reader.readexactly(length)
            finally:
                writer.close()
    except (OSError, EOFError, TimeoutError, asyncio.LimitOverrunError, ValueError, IndexError) as error:
        return Answer(0, {}, time.perf_counter() - start, type(error).__name__)
    return Answer(status, headers, time.perf_counter() - start, "")
