"""Forms of a summit's set-up: rooms, categories, questions, team. ModelForms validate the fields;
the services save."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conclave.content_language import HINDI, HINDI_HELP, english_initial, hindi_field_name, hindi_label
from conclave.formfields import IdChoiceField

from ..enums import QuestionKind
from ..models import RegistrationCategory, RegistrationQuestion, Room
from ..registration.forms import YES_NO

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class SummitScopedModelForm(forms.ModelForm):
    """A summit's row whose `name_field` is unique within the summit: said at the field."""

    name_field = "name"

    def __init__(self, *args, summit, **kwargs):
        self.summit = summit
        super().__init__(*args, **kwargs)
        hindi = hindi_field_name(self.name_field)
        if hindi in self.fields:
            # The plain field is the English name, also on a page in Hindi.
            if self.instance.pk:
                english_initial(self, [self.name_field], self.instance)
            self.fields[hindi].label = hindi_label(self.fields[self.name_field].label)
            self.fields[hindi].help_text = HINDI_HELP
            self.fields[hindi].widget.attrs["lang"] = HINDI

    def clean(self):
        cleaned = super().clean()
        hindi = hindi_field_name(self.name_field)
        if hindi in self.fields:
            cleaned[hindi] = (cleaned.get(hindi) or "").strip() or None
        for field in (self.name_field, hindi):
            value = cleaned.get(field)
            if value:
                others = self._meta.model.objects.filter(summit=self.summit, **{f"{field}__iexact": value})
                if self.instance.pk:
                    others = others.exclude(pk=self.instance.pk)
                if others.exists():
                    self.add_error(field, _("This summit already has one called “%(name)s”.") % {"name": value})
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # modeltranslation keeps a Hindi value that a Hindi page empties ("pending clear", for
        # forms that know nothing of it); this form knows: empty means no Hindi version.
        hindi = hindi_field_name(self.name_field)
        if hindi in self.fields and hasattr(self, "cleaned_data"):
            setattr(self.instance, hindi, self.cleaned_data.get(hindi))
            getattr(self.instance, "_mt_form_pending_clear", {}).pop(hindi, None)

    def validate_unique(self):
        # `summit` is not a form field; uniqueness within the summit is checked in clean().
        pass


class RoomForm(SummitScopedModelForm):
    class Meta:
        model = Room
        fields = ["name", "name_hi", "capacity", "opens_at", "closes_at", "position"]
        labels = {
            "name": _("Name"),
            "capacity": _("Seats"),
            "opens_at": _("Opens at"),
            "closes_at": _("Closes at"),
            "position": _("Order"),
        }
        help_texts = {"opens_at": _("Local time; leave both empty for a room open all day.")}
        widgets = {"opens_at": TIME_WIDGET, "closes_at": TIME_WIDGET}

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if "opens_at" in self.errors or "closes_at" in self.errors:
            return cleaned
        if (opens is None) != (closes is None):
            missing = "closes_at" if closes is None else "opens_at"
            self.add_error(missing, _("Give both opening and closing times, or neither (open all day)."))
        elif opens is not None and closes <= opens:
            self.add_error("closes_at", _("The room would have no hours: it must close after it opens."))
        return cleaned


class CategoryForm(SummitScopedModelForm):
    class Meta:
        model = RegistrationCategory
        fields = [
            "name",
            "name_hi",
            "kind",
            "needs_approval",
            "capacity",
            "invitation_only",
            "badge_colour",
            "position",
        ]
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "needs_approval": _("Registrations need an organizer's approval"),
            "capacity": _("Places"),
            "invitation_only": _("Invitation only (not offered on the public registration form)"),
            "badge_colour": _("Badge colour"),
            "position": _("Order"),
        }
        help_texts = {"capacity": _("Empty: no limit."), "badge_colour": _("Hex colour, such as #0b5cad.")}
        widgets = {"badge_colour": forms.TextInput(attrs={"type": "color"})}

    def clean_badge_colour(self):
        value = self.cleaned_data["badge_colour"]
        if not HEX.match(value or ""):
            raise ValidationError(_("Give a colour as # and six hex digits, such as #0b5cad."))
        return value.lower()


class QuestionForm(SummitScopedModelForm):
    name_field = "label"
    shown_if = IdChoiceField(
        label=_("Ask only when"),
        queryset=RegistrationQuestion.objects.none(),
        required=False,
        empty_label=_("Always ask"),
    )

    class Meta:
        model = RegistrationQuestion
        fields = ["label", "help_text", "kind", "choices", "required", "shown_if", "shown_if_value", "position"]
        labels = {
            "label": _("Question"),
            "help_text": _("Help text"),
            "kind": _("Kind of answer"),
            "choices": _("Choices"),
            "required": _("An answer is required"),
            "shown_if_value": _("…has this answer"),
            "position": _("Order"),
        }
        help_texts = {
            "choices": _("For “one of a list”: one choice per line."),
            "shown_if_value": _("For a yes / no question: Yes or No."),
        }
        widgets = {"choices": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = RegistrationQuestion.objects.filter(summit=self.summit, shown_if__isnull=True)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["shown_if"].queryset = others.filter(kind__in=[QuestionKind.YES_NO, QuestionKind.CHOICE])

    def clean(self):
        cleaned = super().clean()
        kind, choices = cleaned.get("kind"), cleaned.get("choices", "")
        if kind == QuestionKind.CHOICE and not [c for c in choices.splitlines() if c.strip()]:
            self.add_error("choices", _("A “one of a list” question needs at least one choice."))
        condition, value = cleaned.get("shown_if"), (cleaned.get("shown_if_value") or "").strip()
        if condition is None:
            cleaned["shown_if_value"] = ""
        elif not value:
            self.add_error("shown_if_value", _("Say which answer makes this question appear."))
        else:
            # (stored value, what the organizer may type): a yes / no answer by its value or its label
            if condition.kind == QuestionKind.YES_NO:
                allowed = [(v, [v, str(label)]) for v, label in YES_NO]
            else:
                allowed = [(c, [c]) for c in condition.choice_list]
            match = next((v for v, typed in allowed if value.casefold() in (t.casefold() for t in typed)), None)
            if match is None:
                answers = [typed[-1] for _v, typed in allowed]
                self.add_error(
                    "shown_if_value",
                    _("“%(question)s” has no answer “%(value)s”; its answers are: %(answers)s.")
                    % {"question": condition.label, "value": value, "answers": ", ".join(answers)},
                )
            else:
                cleaned["shown_if_value"] = match
        return cleaned


class TeamRole:
    ORGANIZER, SCREENER, DESK = "organizer", "screener", "desk"
    CHOICES = [
        (ORGANIZER, _("Organizer (everything)")),
        (SCREENER, _("Screener (verifies export-control eligibility)")),
        (DESK, _("Desk staff (check-in and door scans)")),
    ]


class TeamInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.CHOICES)


class TeamRemoveForm(forms.Form):
    user = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=TeamRole.CHOICES, widget=forms.HiddenInput)


class TeamInvitationActionForm(forms.Form):
    """Resend or revoke one pending invitation (the button's name says which)."""

    invitation = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
