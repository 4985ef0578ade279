"""Helpers shared by the summits tests (plain functions; fixtures live in conftest.py)."""

from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone


def admin_change_data(obj, user, **changes):
    """The POST body of `obj`'s admin change form as it stands, with `changes` applied.
    Date-times are split as the admin's widgets post them, in the active zone."""
    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().post("/admin/")
    request.user = user
    form_class = model_admin.get_form(request, obj, change=True)
    form = form_class(instance=obj)
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None:
            continue
        if hasattr(value, "all"):
            value = [o.pk for o in value.all()]
        elif isinstance(value, list):
            value = [getattr(v, "pk", getattr(v, "code", v)) for v in value]
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    data.update(changes)
    for name in ("starts_at", "ends_at"):
        if name in data and hasattr(data[name], "strftime"):
            # The admin reads wall times in the active zone.
            moment = timezone.localtime(data.pop(name))
            data[f"{name}_0"], data[f"{name}_1"] = f"{moment:%Y-%m-%d}", f"{moment:%H:%M:%S}"
    return {k: v for k, v in data.items() if v is not False}
