"""Comparing summit archives in tests: ids and secrets aside, the same content compares equal."""


def canonical(archive):
    """The archive with ids replaced by each row's position, so two archives of the same
    content compare equal whatever ids the database gave."""
    everything = archive.get("shared", []) + archive["objects"]
    position = {(row["model"], row["pk"]): i for i, row in enumerate(everything)}
    emails = {u["id"]: u["email"] for u in archive["users"]}
    from django.apps import apps
    from django.contrib.auth import get_user_model

    User = get_user_model()
    rows = []
    for row in everything:
        model = apps.get_model(row["model"])
        fields = {}
        for name, value in row["fields"].items():
            field = model._meta.get_field(name)
            if name == "slug" or (field.unique and callable(field.default)):  # address and secrets may change
                continue
            if field.is_relation and value is not None:
                target = field.related_model
                convert = (
                    (lambda v: emails[v])
                    if target is User
                    else (lambda v, t=target: position[(t._meta.label_lower, v)])
                )
                value = sorted(map(convert, value)) if isinstance(value, list) else convert(value)
            if row["model"] == "summits.auditentry" and name == "object_id" and value.isdigit():
                value = position.get((row["fields"]["object_type"], int(value)), value)
            fields[name] = value
        rows.append((row["model"], fields))
    return rows


def without_audit(archive):
    return dict(archive, objects=[row for row in archive["objects"] if row["model"] != "summits.auditentry"])
