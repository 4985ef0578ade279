from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conclave.formfields import IdChoiceField, IdMultipleChoiceField

from ..enums import QuestionKind
from ..models import Registration, RegistrationCategory
from .services import REGISTRATION_FIELDS

# A yes / no answer is stored as its value and shown, typed and read as its label.
YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def answer_label(question, value):
    """How a stored answer reads: the label of a yes / no value, any other answer as typed."""
    return dict(YES_NO).get(value, value) if question.kind == QuestionKind.YES_NO else value


def question_field_name(question):
    return f"question_{question.pk}"


def build_question_field(question):
    common = {"label": question.label, "help_text": question.help_text, "required": question.required}
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, **common)
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=[("", "—"), *YES_NO], **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in question.choice_list], **common)
    return forms.CharField(max_length=500, **common)


def only_when_text(question, questions):
    condition = next((q for q in questions if q.pk == question.shown_if_id), None)
    if condition is None:
        return ""
    label = _("Only if you answered “%(answer)s” to “%(question)s”.")
    return label % {"answer": answer_label(condition, question.shown_if_value), "question": condition.label}


class RegistrationForm(forms.ModelForm):
    """Details and answers to the summit's questions; the category only on first registration."""

    category = IdChoiceField(
        label=gettext_lazy("Category"), queryset=RegistrationCategory.objects.none(), empty_label=None
    )

    class Meta:
        model = Registration
        fields = ["category", *REGISTRATION_FIELDS]
        labels = {
            "category": gettext_lazy("Category"),
            "is_us_person": gettext_lazy("I am a U.S. citizen or lawful permanent resident"),
            "badge_name": gettext_lazy("Name on badge"),
            "organisation": gettext_lazy("Organisation"),
            "job_title": gettext_lazy("Job title"),
            "country_of_citizenship": gettext_lazy("Country of citizenship"),
            "dietary_needs": gettext_lazy("Dietary needs"),
            "accessibility_needs": gettext_lazy("Accessibility needs"),
        }
        widgets = {"badge_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, summit, questions, answers=None, with_category=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        if with_category:
            # Invitation-only categories are not offered here (the organizer console sets them).
            self.fields["category"].queryset = RegistrationCategory.objects.filter(summit=summit, invitation_only=False)
        else:
            del self.fields["category"]
        answers = answers or {}
        for question in self.questions:
            name = question_field_name(question)
            self.fields[name] = build_question_field(question)
            if question.pk in answers:
                self.initial[name] = answers[question.pk]
            if question.shown_if_id:
                # Without JavaScript the question stays on the page, its condition said beside it.
                self.fields[name].required = False
                self.fields[name].help_text = " ".join(
                    filter(None, [question.help_text, only_when_text(question, self.questions)])
                )

    def clean(self):
        cleaned = super().clean()
        by_pk = {q.pk: q for q in self.questions}
        for question in self.questions:
            condition = by_pk.get(question.shown_if_id)
            if condition is None:
                continue
            name = question_field_name(question)
            if cleaned.get(question_field_name(condition)) != question.shown_if_value:
                cleaned[name] = ""  # not asked: an answer typed anyway is not kept
            elif question.required and not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("This field is required."))
        return cleaned

    def details(self):
        return {name: self.cleaned_data[name] for name in REGISTRATION_FIELDS}

    def answers(self):
        return {q.pk: self.cleaned_data.get(question_field_name(q), "") or "" for q in self.questions}

    def question_fields(self):
        return [self[question_field_name(q)] for q in self.questions]

    def detail_fields(self):
        return [self[name] for name in REGISTRATION_FIELDS]


class BulkStatusForm(forms.Form):
    ACTIONS = [
        ("approved", gettext_lazy("Approve")),
        ("declined", gettext_lazy("Decline")),
        ("waitlisted", gettext_lazy("Move to waiting list")),
    ]
    action = forms.ChoiceField(label=gettext_lazy("With the selected"), choices=ACTIONS)
    registrations = IdMultipleChoiceField(
        label=gettext_lazy("Registrations"),
        queryset=Registration.objects.none(),
        error_messages={"required": gettext_lazy("Tick at least one registration.")},
    )

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = Registration.objects.filter(summit=summit)
