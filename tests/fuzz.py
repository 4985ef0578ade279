"""Hostile input for forms and JSON endpoints: every value a person or a script could send."""

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
