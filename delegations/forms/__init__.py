"""The delegations app's forms, by concern; this package is their one import path."""

from .itinerary import ItemForm, ItemTimesMixin, SiteVisitForm, VisitOutcomeForm
from .roster import DelegationForm, HomeZoneForm, InviteForm, ReplaceForm

__all__ = [
    "DelegationForm",
    "HomeZoneForm",
    "InviteForm",
    "ItemForm",
    "ItemTimesMixin",
    "ReplaceForm",
    "SiteVisitForm",
    "VisitOutcomeForm",
]
