from .models import AuditEntry


def log_action(action, *, actor=None, summit=None, obj=None, **data):
    """Write one audit entry. Called from services only, never from views."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        summit=summit,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )
