"""Hindi formats: Django's own (dates with Hindi month and weekday names), and Indian digit
grouping for counts shown with `intcomma` or `|localize` (1,00,000)."""

from django.conf.locale.hi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = (3, 2, 0)
