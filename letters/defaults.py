"""The letter body used until a summit's organizers edit their template."""

from django.utils.translation import gettext_lazy as _

DEFAULT_BODY = _(
    "To the Visa Officer, {consulate}\n\n"
    "We are pleased to invite {name}, a national of {nationality}, holder of passport number "
    "{passport_number} (valid until {passport_expiry}), born on {date_of_birth}, of {organisation}, "
    "to attend {summit}, held at {venue}, {city}, from {start} to {end}.\n\n"
    "{name} plans to arrive on {arrival} and depart on {departure}. Purpose of the visit: {purpose}\n\n"
    "The participant bears their own travel and accommodation costs unless otherwise agreed. "
    "We kindly ask you to grant the visa needed for this visit."
)
DEFAULT_SIGNER_NAME = _("The organizing committee")
DEFAULT_SIGNER_TITLE = _("Summit secretariat")
DEFAULT_PURPOSE = _("business meetings and sessions of the summit")
