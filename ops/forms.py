import json

from django import forms
from django.core.validators import validate_slug

MAX_ARCHIVE_BYTES = 50 * 1024 * 1024


class ImportSummitForm(forms.Form):
    archive = forms.FileField(help_text="A .json archive made by “Export summit”.")
    slug = forms.CharField(
        required=False,
        max_length=80,
        validators=[validate_slug],
        label="Address of the new summit",
        help_text="Leave empty to keep the archived address.",
    )

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        if upload.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError("The file is larger than 50 MB; is it really a summit archive?")
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise forms.ValidationError("The file is not a JSON archive.") from error
