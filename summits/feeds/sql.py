"""Raw SQL for the feeds, composed once per process and run as prepared statements.

The feed state runs on every poll of every calendar app and the session query on every
cold build; building either through the ORM each time cost more CPU than the database
spent answering it. The SQL is portable between SQLite and PostgreSQL.
"""

from datetime import UTC, datetime

from django.db import connection
from django.db.models import DEFERRED
from django.utils.dateparse import parse_datetime

from ..enums import SignupStatus

# Sign-ups whose session is in the person's feed: a seat, or a seat in a session since
# cancelled (it stays, as cancelled, so calendars remove it).
IN_FEED = f"('{SignupStatus.CONFIRMED.value}', '{SignupStatus.SESSION_CANCELLED.value}')"


def cache_per_vendor(build):
    """Compose a SQL string once per database vendor (tests may switch between them)."""
    built = {}

    def get():
        vendor = connection.vendor
        if vendor not in built:
            built[vendor] = build()
        return built[vendor]

    return get


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


PREPARE_ONLY_WHEN_ASKED = 2**31 - 1


def fetch_row(sql, params):
    """One row (or None). On PostgreSQL as a prepared statement (psycopg, server-side
    binding): planning the state query costs about as much as running it, and it runs on
    every poll."""
    return _fetch(sql, params, lambda cursor: cursor.fetchone())


def fetch_all(sql, params):
    """All rows, prepared like `fetch_row`: a feed's session query takes about as long to
    plan, and to bind on the client, as to run, and it runs on every cold build."""
    return _fetch(sql, params, lambda cursor: cursor.fetchall())


def _fetch(sql, params, read):
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return read(cursor)
    import psycopg

    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        # Django turns automatic preparing off (None also refuses `prepare=True`); its own
        # cursors bind on the client and never prepare, so only explicit requests like
        # these do.
        connection.connection.prepare_threshold = PREPARE_ONLY_WHEN_ASKED
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as raw:
        if connection.queries_logged:  # query counts in tests, DEBUG's query log
            with connection.make_debug_cursor(raw).debug_sql(sql, params):
                raw.execute(sql, params, prepare=True)
        else:
            raw.execute(sql, params, prepare=True)
        return read(raw)


def model_from_row(model, values):
    """An instance from its concrete columns in a raw row, converted as the ORM would."""
    fields = model._meta.concrete_fields
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def aware(value):
    """A datetime from a raw row: PostgreSQL gives it aware; SQLite naive or as text, in UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = parse_datetime(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def model_reader(model, columns):
    """A function making an instance of `model` from a raw row whose first values are `columns`
    (attnames, in the model's field order or not), converted as the ORM would; the model's
    other fields are deferred. Build it once per vendor (see `cache_per_vendor`)."""
    fields = model._meta.concrete_fields
    position = {name: n for n, name in enumerate(columns)}
    unknown = [c for c in columns if c not in {f.attname for f in fields}]
    if unknown:
        raise ValueError(f"not concrete fields of {model.__name__}: {unknown}")
    picks = [position.get(f.attname) for f in fields]
    converters = []
    for field in fields:
        if field.attname in position:
            column = field.get_col(model._meta.db_table)
            funcs = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if funcs:
                converters.append((position[field.attname], column, funcs))
    alias = connection.alias

    def read(row):
        if converters:
            row = list(row)
            for pos, column, funcs in converters:
                value = row[pos]
                for func in funcs:
                    value = func(value, column, connection)
                row[pos] = value
        # All concrete fields in order (the missing ones DEFERRED): from_db takes them as they are.
        return model.from_db(alias, columns, [DEFERRED if pick is None else row[pick] for pick in picks])

    return read
