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
