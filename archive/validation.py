"""Checks of an untrusted archive before anything is stored: its shape, its rows (only the
models a summit archive is made of), its depth, its address, the organizers it names, and
each row's own model validation."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _

from .schema import ARCHIVED_MODELS, FORMAT, MAX_DEPTH, READABLE_FORMATS, SHARED_MODELS, ArchiveError


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


def checked_archive(archive, *, slug=None, organizers=()):
    """(rows, slug, organizers kept) of an archive fit to import; ArchiveError for anything else."""
    if not isinstance(archive, dict) or archive.get("format") not in READABLE_FORMATS:
        raise ArchiveError(
            "wrong_format", _("This is not a Conclave summit archive (%(format)s).") % {"format": FORMAT}
        )
    if nesting_depth_exceeds(archive):
        raise ArchiveError("too_deep", _("The archive nests data deeper than a summit archive does; it was refused."))
    objects = archive.get("objects")
    if not isinstance(objects, list) or not objects or not isinstance(objects[0], dict):
        raise ArchiveError("no_summit", _("The archive holds no summit."))
    for key in ("shared", "users"):
        if not isinstance(archive.get(key, []), list):
            raise ArchiveError("damaged", _("The archive is damaged: “%(key)s” must be a list.") % {"key": key})
    if objects[0].get("model") != "summits.summit" or any(
        isinstance(row, dict) and row.get("model") == "summits.summit" for row in objects[1:]
    ):
        raise ArchiveError("no_summit", _("The archive must hold exactly one summit, first."))
    # Only the models a summit archive is made of: never accounts, permissions or anything else.
    allowed = {label for label, _path in ARCHIVED_MODELS}
    if any(_label_of(row) not in allowed for row in objects) or any(
        _label_of(row) not in SHARED_MODELS for row in archive.get("shared", [])
    ):
        raise ArchiveError("foreign_rows", _("The archive holds rows that are not part of a summit; it was refused."))
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
        raise ArchiveError(
            "slug_taken", _("A summit with the address “%(slug)s” exists already; choose another.") % {"slug": slug}
        )
    keep = set(organizers)
    if not keep <= set(named_organizers(archive)):
        raise ArchiveError("unknown_organizer", _("Only organizers named in the archive can be kept."))
    return objects, slug, keep


def _label_of(row):
    """The row's model label, or None for anything that is not a row naming a model."""
    label = row.get("model") if isinstance(row, dict) else None
    return label if isinstance(label, str) else None


def validate_row(obj, label, row, exclude=()):
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
