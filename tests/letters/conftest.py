from datetime import date, timedelta

import pytest

from summits.models import AuditEntry


def valid_data(summit, **overrides):
    data = {
        "passport_name": "Priya Raman",
        "passport_number": "K1234567",
        "nationality": "IN",
        "date_of_birth": "1988-04-12",
        "passport_expiry": (summit.end_date + timedelta(days=400)).isoformat(),
        "consulate": "Chicago",
        "arrival": (summit.start_date - timedelta(days=1)).isoformat(),
        "departure": (summit.end_date + timedelta(days=1)).isoformat(),
        "purpose": "",
    }
    data.update(overrides)
    return data


def as_cleaned(data):
    out = dict(data)
    for name in ("date_of_birth", "passport_expiry", "arrival", "departure"):
        out[name] = date.fromisoformat(out[name])
    return out


@pytest.fixture
def audit_actions():
    return lambda: list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
