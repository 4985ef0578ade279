"""Import: a whole summit from one JSON archive, into any installation without loss (export: queries.py).

Rows keep their content but not their ids: on import every row gets a new id and every
reference is remapped, so an archive imports next to data that already exists. People
travel by email address: an existing account is reused, a missing one is created
without a password (the person claims it through "forgot password").

An archive is untrusted input: every row goes through the model's own validation before
it is saved, secrets that only this installation may issue are minted fresh, nobody
becomes an organizer unless the importer names them, and the archived audit trail comes
in marked as imported, never as entries written here.
"""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils.translation import gettext as _

from summits.audit import log_action

from .schema import EXCLUDED_FIELDS, IMPORTED_AUDIT_ACTION, SHARED_MODELS, ArchiveError
from .validation import checked_archive, validate_row


def import_summit(archive, *, slug=None, organizers=(), actor=None, dry_run=False):
    """Create a new summit from an archive dict. All or nothing.

    `organizers`: e-mail addresses, among those the archive names as organizers, who
    organize the imported summit too; the others named in the file become nobody.
    `dry_run`: check everything, store nothing, return None.
    """
    objects, slug, keep = checked_archive(archive, slug=slug, organizers=organizers)
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
        raise ArchiveError(
            "damaged", _("The archive is damaged or incomplete (%(detail)s).") % {"detail": error}
        ) from error
    except (IntegrityError, DataError) as error:
        raise ArchiveError(
            "conflict", _("The archive conflicts with data here (%(detail)s).") % {"detail": error}
        ) from error


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
        validate_row(candidate, label, row)
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
        validate_row(obj, label, row, exclude=[f.name for f in model._meta.concrete_fields if f.is_relation])
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
        validate_row(user, "user", entry, exclude=["password"])
        user.save()
        if email:
            EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    return user
