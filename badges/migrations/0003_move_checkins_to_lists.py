"""Existing check-ins and door admissions move to check-in lists, without loss: each summit
gets an entrance list per local day that had arrivals, each admitted-to session a door list,
and every check-in and admission becomes the counted first entry of its list. The old rows
stay (the summit-wide arrival and the door admission still answer "checked in?")."""

import secrets
import zoneinfo
from datetime import timedelta

from django.db import migrations

DOORS_OPEN_BEFORE = timedelta(minutes=30)


def forwards(apps, schema_editor):
    Checkin = apps.get_model("badges", "Checkin")
    SessionAdmission = apps.get_model("badges", "SessionAdmission")
    CheckinList = apps.get_model("badges", "CheckinList")
    ListEntry = apps.get_model("badges", "ListEntry")
    lists = {}

    def entrance(summit, day):
        key = ("entrance", summit.pk, day)
        if key not in lists:
            lists[key], _ = CheckinList.objects.get_or_create(
                summit=summit,
                kind="entrance",
                day=day,
                session=None,
                defaults={"name": f"Entrance {day:%a %d %b}", "snapshot_key": secrets.token_hex(32)},
            )
        return lists[key]

    def door(session):
        key = ("session", session.pk)
        if key not in lists:
            lists[key], _ = CheckinList.objects.get_or_create(
                summit_id=session.summit_id,
                kind="session",
                session=session,
                defaults={
                    "name": session.title[:120],
                    "opens_at": session.starts_at - DOORS_OPEN_BEFORE,
                    "closes_at": session.ends_at,
                    "snapshot_key": secrets.token_hex(32),
                },
            )
        return lists[key]

    entries = []
    for checkin in Checkin.objects.select_related("summit").order_by("pk").iterator():
        day = checkin.created.astimezone(zoneinfo.ZoneInfo(checkin.summit.timezone)).date()
        entries.append(
            ListEntry(
                checkin_list=entrance(checkin.summit, day),
                registration_id=checkin.registration_id,
                badge_id=checkin.badge_id,
                outcome="checked_in",
                first=True,
                scanned_at=checkin.created,
                desk=checkin.desk,
                staff_id=checkin.staff_id,
            )
        )
    for admission in SessionAdmission.objects.select_related("session").order_by("pk").iterator():
        entries.append(
            ListEntry(
                checkin_list=door(admission.session),
                registration_id=admission.registration_id,
                outcome="admitted",
                first=True,
                scanned_at=admission.created,
                desk=admission.desk,
                staff_id=admission.staff_id,
            )
        )
    ListEntry.objects.bulk_create(entries, batch_size=500)


def backwards(apps, schema_editor):
    # The old rows were never touched: dropping the lists loses nothing.
    apps.get_model("badges", "CheckinList").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("badges", "0002_checkin_lists")]

    operations = [migrations.RunPython(forwards, backwards)]
