"""Picking a few sessions' records out of a release's snapshot inside the database.

A 500-session snapshot is about 300 KB of JSON: turning it into text, sending it and decoding it
costs milliseconds, while a single-session .ics (and its 304) needs one record. PostgreSQL and
SQLite both walk the stored JSON themselves; other databases read the whole snapshot.
"""

import json

from django.db import NotSupportedError
from django.db.models import F, Func, JSONField

VENDORS = ("postgresql", "sqlite")


class SessionRecords(Func):
    """A JSON array of the snapshot's records whose id is in `ids`."""

    output_field = JSONField()

    def __init__(self, ids, snapshot="snapshot"):
        super().__init__(F(snapshot))
        self.ids = sorted(set(ids))

    def as_postgresql(self, compiler, connection, **extra):
        snapshot, params = compiler.compile(self.source_expressions[0])
        # A comparison with a sequence ($ids[*]) is true when any member is equal.
        sql = f"jsonb_path_query_array({snapshot}, '$.sessions[*] ? (@.id == $ids[*])', %s::jsonb)"
        return sql, (*params, json.dumps({"ids": self.ids}))

    def as_sqlite(self, compiler, connection, **extra):
        snapshot, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"(SELECT json_group_array(json(picked.value)) FROM json_each({snapshot}, '$.sessions') AS picked"
            " WHERE json_extract(picked.value, '$.id') IN (SELECT value FROM json_each(%s)))"
        )
        return sql, (*params, json.dumps(self.ids))

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError(f"SessionRecords runs on {', '.join(VENDORS)}")
