"""A tiny Hindi catalogue for tests, so they do not depend on locale/hi being complete."""

import struct
from contextlib import contextmanager

from django.conf import settings
from django.test import override_settings


def write_mo(path, messages):
    """A GNU .mo file of `messages` ({msgid: msgstr}), as msgfmt writes it."""
    catalogue = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    ids = sorted(catalogue)
    keys = [m.encode() for m in ids]
    values = [catalogue[m].encode() for m in ids]
    start = 7 * 4 + 16 * len(ids)
    key_offsets, offset = [], start
    for key in keys:
        key_offsets.append((len(key), offset))
        offset += len(key) + 1
    value_offsets = []
    for value in values:
        value_offsets.append((len(value), offset))
        offset += len(value) + 1
    header = struct.pack("<7I", 0x950412DE, 0, len(ids), 7 * 4, 7 * 4 + 8 * len(ids), 0, 0)
    tables = b"".join(struct.pack("<2I", *pair) for pair in key_offsets + value_offsets)
    data = b"".join(k + b"\0" for k in keys) + b"".join(v + b"\0" for v in values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + data)


@contextmanager
def hindi_catalogue(tmp_path, messages):
    """Django translates `messages` to Hindi (before the project's own catalogue)."""
    write_mo(tmp_path / "hi" / "LC_MESSAGES" / "django.mo", messages)
    with override_settings(LOCALE_PATHS=[tmp_path, *settings.LOCALE_PATHS]):
        yield
