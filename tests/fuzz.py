"""Hostile input for forms and JSON endpoints: every value a person or a script could send."""

from contextlib import contextmanager

from django.db import transaction
from hypothesis import strategies as st

nasty_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "9" * 40,
            "-1",
            "0",
            "2027-02-30",
            "2027-03-14T02:30",  # inside New York's spring-forward gap
            "31/12/2027 25:61",
            "null",
            "[]",
            "{}",
            "1e309",
            "NaN",
            "आरव शर्मा",
            "🙂" * 300,
        ]
    ),
)
nasty_number = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str), st.sampled_from(["1.5", "0x10", "", "∞"])
)
nasty_value = st.one_of(nasty_text, nasty_number)


def form_data(field_names, extra_ids=()):
    """A dict posting nasty values (or other summits' ids) to every field, some fields missing."""
    value = st.one_of(nasty_value, st.sampled_from([str(i) for i in extra_ids] or ["1"]))
    return st.fixed_dictionaries(
        {}, optional={name: st.one_of(value, st.lists(value, max_size=3)) for name in field_names}
    )


# --- JSON documents (the summit import) ---

DELETE = object()  # a mutation that removes the key or list item instead of replacing it

json_value = st.one_of(
    nasty_value,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.one_of(st.integers(), nasty_text), max_size=3),
    st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), nasty_text), max_size=3),
    st.just(DELETE),
)


def json_paths(document, prefix=()):
    """Every path (keys and indexes) to a value inside a JSON document, containers included."""
    paths = [prefix] if prefix else []
    if isinstance(document, dict):
        items = document.items()
    elif isinstance(document, list):
        items = enumerate(document)
    else:
        return paths
    for key, value in items:
        paths.extend(json_paths(value, (*prefix, key)))
    return paths


def mutate_json(document, path, value):
    """Put `value` at `path` (or remove what is there); a path an earlier mutation broke is skipped."""
    *parents, last = path
    target = document
    try:
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
    except (KeyError, IndexError, TypeError):
        pass


@contextmanager
def world_for_the_module(django_db_blocker):
    """For a module-scoped fixture: the rows made inside are built once and seen by every test of
    the module (each test's own transaction rolls back to them), then rolled back after the last.
    Ask for `django_db_setup` too, so the test database exists first."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
