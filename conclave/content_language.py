"""Organizers' texts in English and Hindi (django-modeltranslation), with one rule for code:

- Reading a translated attribute (`session.title`) gives the active language's text, the
  English where the Hindi is empty: pages, mails, PDFs and feeds need nothing more.
- Writing one (`session.title = ...`, `Session(title=...)`, `.create(title=...)`) and every
  query on one (`filter`, `order_by`, `values`, `update`) means the English original, whatever
  language the request is in. The Hindi text is written only by name: `title_hi`.

modeltranslation itself writes and queries in the active language, so a form saved in a Hindi
page would overwrite the Hindi text with the English one, and a lookup by title would search
the Hindi column. `english_writes_and_queries()` (called by every app's translation.py)
makes writes and queries English; tests/conclave/test_content_language.py holds it to that.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

HINDI = "hi"


def _original_language():
    return settings.LANGUAGE_CODE


def english_writes_and_queries():
    from modeltranslation import manager
    from modeltranslation.fields import TranslationFieldDescriptor
    from modeltranslation.utils import build_localized_fieldname

    if getattr(TranslationFieldDescriptor, "_conclave_english_writes", False):
        return
    # Lookups, ordering, values() and create()'s keywords are rewritten to <field>_en.
    manager.get_language = _original_language

    def set_original(self, instance, value):
        instance.__dict__[self.field.name] = value
        if getattr(instance, "_mt_init", False) or getattr(instance, "_mt_disable", False):
            return
        setattr(instance, build_localized_fieldname(self.field.name, settings.LANGUAGE_CODE), value)

    TranslationFieldDescriptor.__set__ = set_original
    TranslationFieldDescriptor._conclave_english_writes = True


def hindi_field_name(name):
    return f"{name}_{HINDI}"


def hindi_label(label):
    return _("%(label)s in Hindi") % {"label": label}


HINDI_HELP = _("Shown to people who read Conclave in Hindi; left empty, they see the English.")


def add_hindi_fields(form, names, *, instance=None):
    """Put an optional `<name>_hi` field after each of `names` in a form: same widget and length,
    its initial value the instance's Hindi text. The plain field stays the English original."""
    import copy

    from django import forms
    from django.forms.utils import pretty_name

    fields = list(form.fields.items())
    form.fields.clear()
    for key, field in fields:
        form.fields[key] = field
        if key in names:
            hindi = forms.CharField(
                label=hindi_label(field.label or pretty_name(key)),
                required=False,
                max_length=getattr(field, "max_length", None),
                widget=copy.deepcopy(field.widget),
                help_text=HINDI_HELP,
            )
            hindi.widget.attrs["lang"] = HINDI
            form.fields[hindi_field_name(key)] = hindi
            if instance is not None and hindi_field_name(key) not in form.initial:
                form.initial[hindi_field_name(key)] = getattr(instance, hindi_field_name(key)) or ""


def english_initial(form, names, instance):
    """The English originals as the plain fields' initial values (a Hindi page would show the Hindi)."""
    for name in names:
        if name in form.fields and not form.is_bound:
            form.initial[name] = getattr(instance, f"{name}_{settings.LANGUAGE_CODE}") or ""


def hindi_values(cleaned_data, names):
    """{`<name>_hi`: text or None} from a form with add_hindi_fields: empty is None (no translation)."""
    return {
        hindi_field_name(name): (cleaned_data.get(hindi_field_name(name)) or "").strip() or None
        for name in names
        if hindi_field_name(name) in cleaned_data
    }


def original_value(obj, name):
    """The English original of a translated attribute (any other attribute as it is): what a
    service compares a typed value with, whatever language the page is in."""
    english = f"{name}_{settings.LANGUAGE_CODE}"
    if _is_translated(type(obj), name):
        return getattr(obj, english)
    return getattr(obj, name)


def _is_translated(model, name):
    from modeltranslation.translator import NotRegistered, translator

    try:
        return name in translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return False


def translated_fields(model):
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


class EnglishOriginalsAdminMixin:
    """Admin pages of a translated model: the plain field edits the English original (shown as
    such also in a Hindi admin), `<field>_hi` the Hindi; the `<field>_en` columns are not shown."""

    def get_exclude(self, request, obj=None):
        english = [f"{name}_{settings.LANGUAGE_CODE}" for name in translated_fields(self.model)]
        return [*(super().get_exclude(request, obj) or ()), *english]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        names = translated_fields(self.model)

        class EnglishOriginalsForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.instance.pk:
                    english_initial(self, names, self.instance)

        return EnglishOriginalsForm
