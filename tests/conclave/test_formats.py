"""Dates and counts follow the language: Hindi month and weekday names, Indian digit grouping."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

COUNT = Template("{% load humanize %}{{ n|intcomma }}")
DAY = Template('{{ d|date:"l j F Y" }}')


@pytest.mark.parametrize(
    ("n", "english", "hindi"),
    [(999, "999", "999"), (100000, "100,000", "1,00,000"), (12345678, "12,345,678", "1,23,45,678")],
)
def test_counts_group_digits_the_languages_way(n, english, hindi):
    with translation.override("en"):
        assert COUNT.render(Context({"n": n})) == english
    with translation.override("hi"):
        assert COUNT.render(Context({"n": n})) == hindi


def test_dates_use_hindi_month_and_weekday_names():
    with translation.override("hi"):
        assert DAY.render(Context({"d": date(2027, 1, 15)})) == "शुक्रवार 15 जनवरी 2027"
    with translation.override("en"):
        assert DAY.render(Context({"d": date(2027, 1, 15)})) == "Friday 15 January 2027"


def test_ids_in_addresses_are_never_grouped():
    # USE_THOUSAND_SEPARATOR stays off: only counts shown with intcomma are grouped.
    with translation.override("hi"):
        assert Template("{{ n }}").render(Context({"n": 123456})) == "123456"
