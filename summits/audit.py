import json
import logging

from .models import AuditEntry

logger = logging.getLogger("conclave.audit")


def log_action(action, *, actor=None, summit=None, obj=None, **data):
    """Write one audit entry. Called from services only, never from views."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    entry = AuditEntry.objects.create(
        action=action,
        actor=actor,
        summit=summit,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )
    logger.info(
        json.dumps(
            {
                "action": action,
                "actor": entry.actor_id,
                "summit": entry.summit_id,
                "object": f"{entry.object_type}:{entry.object_id}",
            },
            separators=(",", ":"),
        )
    )
    return entry


def log_actions(actions):
    """Write many audit entries in one query: `actions` holds (action, {actor, summit, obj, **data})
    pairs, as `log_action` takes them (an upload of queued scans writes hundreds at once)."""
    entries = []
    for action, fields in actions:
        data = dict(fields)
        actor, summit, obj = data.pop("actor", None), data.pop("summit", None), data.pop("obj", None)
        if actor is not None and not actor.is_authenticated:
            actor = None
        entries.append(
            AuditEntry(
                action=action,
                actor=actor,
                summit=summit,
                object_type=obj._meta.label_lower if obj is not None else "",
                object_id=str(obj.pk) if obj is not None else "",
                data=data,
            )
        )
    AuditEntry.objects.bulk_create(entries)
    for entry in entries:
        logger.info(
            json.dumps(
                {
                    "action": entry.action,
                    "actor": entry.actor_id,
                    "summit": entry.summit_id,
                    "object": f"{entry.object_type}:{entry.object_id}",
                },
                separators=(",", ":"),
            )
        )
    return entries
