"""A whole summit as one JSON archive, and back into any installation without loss.

Rows keep their content but not their ids: on import every row gets a new id and every
reference is remapped, so an archive imports next to data that already exists. People
travel by email address: an existing account is reused, a missing one is created
without a password (the person claims it through "forgot password").

An archive is untrusted input: every row goes through the model's own validation before
it is saved, secrets that only this installation may issue are minted fresh, nobody
becomes an organizer unless the importer names them, and the archived audit trail comes
in marked as imported, never as entries written here.
"""

import datetime
import json

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_slug
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summits.audit import log_action

FORMAT = "conclave-summit-archive/1"

# (model, path from the model to its summit), parents before children. Models of apps
# that are not installed are skipped, so the list can name every app's models.
ARCHIVED_MODELS = [
    ("summits.summit", "pk"),
    ("summits.room", "summit"),
    ("summits.track", "summit"),
    ("summits.speaker", "summit"),
    ("summits.acknowledgement", "summit"),
    ("summits.acknowledgementversion", "acknowledgement__summit"),
    ("summits.session", "summit"),
    ("summits.registrationcategory", "summit"),
    ("summits.registrationquestion", "summit"),
    ("summits.registration", "summit"),
    ("summits.registrationanswer", "registration__summit"),
    ("summits.sessionsignup", "session__summit"),
    ("summits.sessionclearance", "session__summit"),
    ("summits.acknowledgementacceptance", "registration__summit"),
    # Not summits.feedtoken: private feed links are personal secrets; people renew them.
    ("delegations.delegation", "summit"),
    ("delegations.membership", "delegation__summit"),
    ("delegations.invitation", "delegation__summit"),
    ("delegations.scoutingtrip", "delegation__summit"),
    ("delegations.itineraryitem", "delegation__summit"),
    ("delegations.sitevisit", "trip__delegation__summit"),
    ("badges.badge", "registration__summit"),
    ("badges.revokedsecret", "badge__registration__summit"),
    ("badges.checkinstaff", "summit"),
    ("badges.checkin", "summit"),
    ("badges.sessionadmission", "session__summit"),
    # Not badges.badgebatch: print runs are generated files, made again on demand.
    # Last: its entries name rows of all the models above.
    ("summits.auditentry", "summit"),
]

# Secrets that only work on the installation that issued them (their links name its host):
# left out of the archive, so the import mints fresh ones.
# Their selectors (a token's first characters) go with them: the model sets them from the fresh token.
EXCLUDED_FIELDS = {
    "delegations.delegation": {"feed_token", "feed_token_selector"},
    "delegations.invitation": {"token", "token_selector"},
}

# Rows shared between summits (a directory): archived when referenced, and on import
# matched to an existing row by these fields instead of duplicated.
SHARED_MODELS = {"delegations.organisation": ("name", "city")}

# Archived audit entries come in under this one action, with the original in `data`:
# an archive cannot make it look as though something was done on this installation.
IMPORTED_AUDIT_ACTION = "ops.archive.imported_entry"

# Deeper than any real archive (a row's JSON field adds a few levels); deeper nesting
# is an attack on the parser or the encoder, refused before anything is read.
MAX_DEPTH = 32


class ArchiveError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def nesting_depth_exceeds(value, limit=MAX_DEPTH):
    """Whether lists and dicts nest deeper than `limit` (iterative: a deep value cannot
    exhaust the stack here)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def named_organizers(archive):
    """E-mail addresses of the organizers the archive's summit row names (to offer, never to apply)."""
    try:
        summit_row = archive["objects"][0]
        ids = summit_row["fields"].get("organizers") or []
        emails = {u["id"]: u["email"] for u in archive.get("users", []) if isinstance(u, dict)}
        return sorted({emails[i] for i in ids if i in emails and isinstance(emails[i], str) and emails[i]})
    except (KeyError, IndexError, TypeError, AttributeError):
        return []


def archived_models():
    for label, path in ARCHIVED_MODELS:
        try:
            yield apps.get_model(label), path
        except LookupError:
            continue


def export_summit(summit):
    """The summit and everything under it, as a JSON-ready dict."""
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


def import_summit(archive, *, slug=None, organizers=(), actor=None, dry_run=False):
    """Create a new summit from an archive dict. All or nothing.

    `organizers`: e-mail addresses, among those the archive names as organizers, who
    organize the imported summit too; the others named in the file become nobody.
    `dry_run`: check everything, store nothing, return None.
    """
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise ArchiveError("wrong_format", f"This is not a Conclave summit archive ({FORMAT}).")
    if nesting_depth_exceeds(archive):
        raise ArchiveError("too_deep", _("The archive nests data deeper than a summit archive does; it was refused."))
    objects = archive.get("objects")
    if not isinstance(objects, list) or not objects or not isinstance(objects[0], dict):
        raise ArchiveError("no_summit", "The archive holds no summit.")
    for key in ("shared", "users"):
        if not isinstance(archive.get(key, []), list):
            raise ArchiveError("damaged", _("The archive is damaged: “%(key)s” must be a list.") % {"key": key})
    if objects[0].get("model") != "summits.summit" or any(
        isinstance(row, dict) and row.get("model") == "summits.summit" for row in objects[1:]
    ):
        raise ArchiveError("no_summit", "The archive must hold exactly one summit, first.")
    # Only the models a summit archive is made of: never accounts, permissions or anything else.
    allowed = {label for label, _path in ARCHIVED_MODELS}
    if any(_label_of(row) not in allowed for row in objects) or any(
        _label_of(row) not in SHARED_MODELS for row in archive.get("shared", [])
    ):
        raise ArchiveError("foreign_rows", "The archive holds rows that are not part of a summit; it was refused.")
    if any(not isinstance(row.get("fields"), dict) for row in [*objects, *archive.get("shared", [])]) or any(
        not isinstance(entry, dict) for entry in archive.get("users", [])
    ):
        raise ArchiveError("damaged", _("The archive is damaged: a row has no fields."))
    Summit = apps.get_model("summits.summit")
    slug = slug or archive.get("slug")
    try:
        if not isinstance(slug, str) or len(slug) > Summit._meta.get_field("slug").max_length:
            raise ValidationError("")
        validate_slug(slug)
    except ValidationError:
        raise ArchiveError(
            "bad_slug",
            _("The archive's address is not a valid address; choose another (letters, digits, - and _)."),
        ) from None
    if Summit.objects.filter(slug=slug).exists():
        raise ArchiveError("slug_taken", f"A summit with the address “{slug}” exists already; choose another.")
    keep = set(organizers)
    if not keep <= set(named_organizers(archive)):
        raise ArchiveError("unknown_organizer", _("Only organizers named in the archive can be kept."))
    try:
        with transaction.atomic():
            summit = _import(archive, objects, slug, keep)
            if dry_run:
                transaction.set_rollback(True)
                return None
            log_action(
                "ops.summit.imported",
                actor=actor,
                summit=summit,
                obj=summit,
                organizers_kept=sorted(keep),
                audit_entries_imported=summit.audit_entries.filter(action=IMPORTED_AUDIT_ACTION).count(),
            )
            return summit
    except ArchiveError:
        raise
    except ValidationError as error:
        raise ArchiveError("invalid", _("The archive holds invalid data (%(detail)s).") % {"detail": error}) from error
    except (KeyError, TypeError, ValueError, LookupError, AttributeError, OverflowError) as error:
        raise ArchiveError("damaged", f"The archive is damaged or incomplete ({error}).") from error
    except (IntegrityError, DataError) as error:
        raise ArchiveError("conflict", f"The archive conflicts with data here ({error}).") from error


def _label_of(row):
    """The row's model label, or None for anything that is not a row naming a model."""
    label = row.get("model") if isinstance(row, dict) else None
    return label if isinstance(label, str) else None


def _import(archive, objects, slug, keep_organizers):
    users = {entry["id"]: _user_for(entry) for entry in archive.get("users", [])}
    ids = {}  # (model label, old id) -> new id
    for row in archive.get("shared", []):
        model = apps.get_model(row["model"])
        label = model._meta.label_lower
        candidate = model(
            **{
                f.attname: f.to_python(row["fields"][f.name])
                for f in model._meta.concrete_fields
                if not f.primary_key and not f.is_relation and f.name in row["fields"]
            }
        )
        _validate(candidate, label, row)
        keys = {name: getattr(candidate, name) for name in SHARED_MODELS[label]}
        existing = model.objects.filter(**keys).first()
        if existing is None:
            candidate.save()
            existing = candidate
        ids[(label, row["pk"])] = existing.pk
    pending_m2m, pending_fk = [], []
    User = get_user_model()
    for row in objects:
        model = apps.get_model(row["model"])
        label = model._meta.label_lower
        fields = dict(row["fields"])
        if label == "summits.summit":
            fields["slug"] = slug
        for name in EXCLUDED_FIELDS.get(label, ()):  # minted here, whatever the file says
            fields.pop(name, None)
        obj = model()
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name not in fields:
                continue
            raw = fields[field.name]
            if _points_ahead(field, raw, ids):  # e.g. a membership "replaced by" a later one
                pending_fk.append((obj, field, raw))
                continue
            setattr(obj, field.attname, _fresh_if_taken(model, field, _incoming_value(field, raw, ids, users)))
        if label == "summits.auditentry":
            _mark_imported(obj, fields, users, ids)
        # The checks the forms make (slug, time zone, choices, URLs, model clean()); references
        # were remapped above and unique rows are left to the database, inside this transaction.
        _validate(obj, label, row, exclude=[f.name for f in model._meta.concrete_fields if f.is_relation])
        obj.save()
        ids[(label, row["pk"])] = obj.pk
        _restore_automatic_timestamps(model, obj, fields)
        for field in model._meta.many_to_many:
            if fields.get(field.name):
                pending_m2m.append((obj, field, fields[field.name]))
    for obj, field, raw in pending_fk:
        setattr(obj, field.attname, ids[(field.related_model._meta.label_lower, raw)])
        obj.save(update_fields=[field.name])
    for obj, field, old_ids in pending_m2m:
        target = field.related_model
        if target is User:
            new_ids = [users[i].pk for i in old_ids]
            if field.model._meta.label_lower == "summits.summit" and field.name == "organizers":
                new_ids = [users[i].pk for i in old_ids if users[i].email in keep_organizers]
        else:
            new_ids = [ids[(target._meta.label_lower, i)] for i in old_ids]
        getattr(obj, field.name).set(new_ids)
    return apps.get_model("summits.summit").objects.get(pk=ids[("summits.summit", objects[0]["pk"])])


def _validate(obj, label, row, exclude=()):
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(
            f"{name}: {' '.join(dict.fromkeys(messages))}" if name != "__all__" else " ".join(dict.fromkeys(messages))
            for name, messages in error.message_dict.items()
        )
        raise ArchiveError(
            "invalid",
            _("The archive holds invalid data (%(row)s: %(problems)s).")
            % {"row": f"{label} {row.get('pk', row.get('id'))}", "problems": problems},
        ) from error


def _mark_imported(entry, fields, users, ids):
    """The archived entry, kept as history of the other installation: under one action of
    its own, with no actor here, the original action, actor and data in `data`."""
    if entry.object_type and entry.object_id.isdigit():
        entry.object_id = str(ids.get((entry.object_type, int(entry.object_id)), entry.object_id))
    actor = users.get(fields.get("actor")) if fields.get("actor") is not None else None
    entry.data = {
        "imported": True,
        "action": fields.get("action", ""),
        "actor": actor.email if actor is not None else None,
        "data": fields.get("data", {}),
    }
    entry.action = IMPORTED_AUDIT_ACTION
    entry.actor = None


def _points_ahead(field, raw, ids):
    if not field.is_relation or raw is None or not field.null or field.related_model is get_user_model():
        return False
    return (field.related_model._meta.label_lower, raw) not in ids


def _fresh_if_taken(model, field, value):
    """Secrets that travel (badge codes: printed badges must still scan) are kept, unless
    this installation already has the same one (a copy of a summit): then a fresh secret.
    Feed and invitation tokens never travel (EXCLUDED_FIELDS)."""
    if field.unique and callable(field.default) and value and model.objects.filter(**{field.name: value}).exists():
        return field.get_default()
    return value


def _incoming_value(field, raw, ids, users):
    if not field.is_relation:
        return field.to_python(raw)
    if raw is None:
        return None
    if field.related_model is get_user_model():
        return users[raw].pk
    return ids[(field.related_model._meta.label_lower, raw)]


def _restore_automatic_timestamps(model, obj, fields):
    """auto_now / auto_now_add overwrite on save; put the archived moments back."""
    stamps = {
        f.name: f.to_python(fields[f.name])
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add) and fields.get(f.name)
    }
    if stamps:
        model.objects.filter(pk=obj.pk).update(**stamps)


def _user_for(entry):
    User = get_user_model()
    texts = {key: entry.get(key, "") for key in ("email", "username", "first_name", "last_name")}
    if not all(isinstance(value, str) for value in texts.values()):
        raise ArchiveError("damaged", _("The archive is damaged: a person's name or address is not text."))
    email, username = entry.get("email", ""), entry.get("username") or entry["email"]
    found = User.objects.filter(email__iexact=email) if email else User.objects.filter(username=username)
    user = found.first()
    if user is None:
        if User.objects.filter(username=username).exists():
            username = f"{username}-{entry['id']}-imported"
        user = User(
            username=username, email=email, first_name=entry.get("first_name", ""), last_name=entry.get("last_name", "")
        )
        user.set_unusable_password()
        _validate(user, "user", entry, exclude=["password"])
        user.save()
        if email:
            EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    return user
