"""Export: a summit and everything under it, as a JSON archive (a read: nothing is written)."""

import datetime
import json

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from .schema import EXCLUDED_FIELDS, FORMAT, SHARED_MODELS, archived_models


def export_summit(summit):
    """The summit and everything under it, as a JSON-ready dict."""
    # A translated field read plainly gives the active language's text: in English, the plain
    # field is the original whatever the exporter's language (the `_hi` columns travel beside it).
    with translation.override(settings.LANGUAGE_CODE):
        return _export(summit)


def _export(summit):
    User = get_user_model()
    rows, user_ids = [], set()
    for model, path in archived_models():
        queryset = model.objects.filter(**{path: summit.pk}).order_by("pk")
        for row in serializers.serialize("python", queryset):
            for name in EXCLUDED_FIELDS.get(row["model"], ()):
                row["fields"].pop(name, None)
            rows.append(row)
            user_ids |= _referenced_user_ids(model, row["fields"], User)
    shared = _shared_rows(rows)
    users = [
        {
            "id": u.pk,
            "username": u.get_username(),
            "email": u.email,
            "first_name": u.first_name,
            "last_name": u.last_name,
        }
        for u in User.objects.filter(pk__in=user_ids).order_by("pk")
    ]
    return {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "slug": summit.slug,
        "users": users,
        "shared": shared,
        "objects": rows,
    }


def _shared_rows(rows):
    wanted = {}
    for row in rows:
        model = apps.get_model(row["model"])
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if target is not None and target._meta.label_lower in SHARED_MODELS and row["fields"].get(field.name):
                wanted.setdefault(target, set()).add(row["fields"][field.name])
    return [
        row
        for model, pks in wanted.items()
        for row in serializers.serialize("python", model.objects.filter(pk__in=pks).order_by("pk"))
    ]


class ArchiveEncoder(DjangoJSONEncoder):
    """Keeps microseconds (DjangoJSONEncoder cuts them to milliseconds, which is a loss)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def export_summit_json(summit):
    return json.dumps(export_summit(summit), cls=ArchiveEncoder, ensure_ascii=False, indent=1)


def _referenced_user_ids(model, fields, User):
    ids = set()
    for field in model._meta.get_fields():
        if getattr(field, "related_model", None) is not User or field.name not in fields:
            continue
        value = fields[field.name]
        if isinstance(value, list):
            ids.update(value)
        elif value is not None:
            ids.add(value)
    return ids
