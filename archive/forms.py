import json

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from .validation import named_organizers

MAX_ARCHIVE_BYTES = 50 * 1024 * 1024


class ImportSummitForm(forms.Form):
    archive = forms.FileField(label=_("Archive"), help_text=_("A .json archive made by “Export summit”."))
    slug = forms.CharField(
        required=False,
        max_length=80,
        validators=[validate_slug],
        label=_("Address of the new summit"),
        help_text=_("Leave empty to keep the archived address."),
    )
    organizers = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Organizers named in the archive"),
        help_text=_("Tick those who should organize the imported summit too. Nobody else becomes an organizer."),
    )
    # The organizers the importer was shown: an import goes ahead only once this matches the file.
    reviewed_organizers = forms.CharField(required=False, widget=forms.HiddenInput)

    named_organizers = ()

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        if upload.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; is it really a summit archive?"))
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except RecursionError as error:
            raise forms.ValidationError(
                _("The file nests data deeper than a summit archive does; it was refused.")
            ) from error
        except (UnicodeDecodeError, ValueError) as error:
            raise forms.ValidationError(_("The file is not a JSON archive.")) from error
        # Offered as choices before the organizers field is cleaned (fields clean in order).
        self.named_organizers = named_organizers(data) if isinstance(data, dict) else []
        self.fields["organizers"].choices = [(email, email) for email in self.named_organizers]
        return data

    @property
    def reviewed_key(self):
        return " ".join(self.named_organizers)

    @property
    def awaits_organizer_review(self):
        """The file names organizers the importer has not been shown yet."""
        return bool(self.named_organizers) and self.cleaned_data.get("reviewed_organizers", "") != self.reviewed_key

    def show_organizers_for_review(self):
        data = self.data.copy()
        data["reviewed_organizers"] = self.reviewed_key
        self.data = data
