"""Model choice fields that refuse ids no database column can hold.

Django's own fields pass any integer to the query; SQLite then raises OverflowError
(a 500) for ids past 2**63. An id out of range is simply not a valid choice.
"""

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1


def parse_id(value):
    """An id from a URL parameter or a bare form value: ASCII digits within range, else None."""
    value = str(value or "")
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def _check_id(field, value):
    if value in field.empty_values:
        return
    try:
        number = int(str(value))
    except ValueError:
        return  # Django's own validation reports it
    if not 0 < number <= MAX_ID:
        raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        _check_id(self, value)
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            try:
                _check_id(self, item)
            except ValidationError:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                ) from None
        return super()._check_values(value)
