"""The check-in list's CSV rows, built apart from the view that writes them."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from badges.checkin import check_in
from badges.exports import checkin_csv_rows
from badges.models import Checkin
from tests.factories import CategoryFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_rows_name_the_zone_make_cells_safe_and_show_the_local_check_in_time(summit, django_assert_num_queries):
    category = CategoryFactory(summit=summit, name="Industry")
    staff = UserFactory(email="desk@example.org")
    asha = RegistrationFactory(summit=summit, category=category, badge_name="=Asha", organisation="ACME")
    RegistrationFactory(summit=summit, category=category, badge_name="Ben", organisation="-Bolt")
    check_in(summit=summit, registration=asha, staff=staff, desk="Desk 1")
    Checkin.objects.update(created=datetime(2027, 2, 17, 4, 0, tzinfo=UTC))
    with timezone.override(UTC), django_assert_num_queries(1):
        rows = list(checkin_csv_rows(summit))
    assert rows[0] == [
        "name",
        "organisation",
        "category",
        "registration status",
        "checked in (Asia/Kolkata)",
        "desk",
        "staff",
    ]
    assert sorted(rows[1:]) == [
        ["'=Asha", "ACME", "Industry", "approved", "2027-02-17 09:30", "Desk 1", "desk@example.org"],
        ["Ben", "'-Bolt", "Industry", "approved", "", "", ""],
    ]
