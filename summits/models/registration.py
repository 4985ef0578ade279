"""Registration: categories, questions, a person's registration and answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..enums import CategoryKind, EligibilityStatus, IdDocument, QuestionKind, RegistrationStatus
from .summit import Summit


class RegistrationCategory(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=CategoryKind.choices)
    badge_colour = models.CharField(max_length=7, default="#1f6feb", help_text=_("Hex colour of the badge band."))
    needs_approval = models.BooleanField(default=False)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text=_("Empty: no limit."))
    position = models.PositiveIntegerField(default=0)
    # Invitation-only categories are not offered on the public registration form.
    invitation_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "registration categories"
        constraints = [models.UniqueConstraint(fields=["summit", "name"], name="category_name_unique_per_summit")]

    def __str__(self):
        return self.name


class RegistrationQuestion(models.Model):
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(max_length=250)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.TextField(blank=True, help_text=_("For 'one of a list': one choice per line."))
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    # Asked only when another question's answer is `shown_if_value` (e.g. passport fields only for
    # foreign nationals); without JavaScript the question is shown with that condition beside it.
    shown_if = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    shown_if_value = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Registration(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    summit = models.ForeignKey(Summit, on_delete=models.CASCADE, related_name="registrations")
    category = models.ForeignKey(RegistrationCategory, on_delete=models.RESTRICT, related_name="registrations")
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING)
    badge_name = models.CharField(max_length=120, help_text=_("Your name as you write it; it is printed on the badge."))
    organisation = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    country_of_citizenship = CountryField()
    is_us_person = models.BooleanField(
        default=False, help_text=_("U.S. citizen or lawful permanent resident (for export-controlled sessions).")
    )
    dietary_needs = models.CharField(max_length=300, blank=True)
    accessibility_needs = models.CharField(max_length=300, blank=True)
    # Export-control screening (summits/screening/services.py). The two facts above are the attendee's
    # declaration; a screener's verification keeps a copy of the facts it saw, so a later
    # change of either fact (by any path) no longer counts as verified.
    eligibility_status = models.CharField(
        max_length=20, choices=EligibilityStatus.choices, default=EligibilityStatus.AWAITING
    )
    verified_us_person = models.BooleanField(default=False)
    verified_citizenship = CountryField(blank=True)
    eligibility_document = models.CharField(max_length=20, choices=IdDocument.choices, blank=True)
    eligibility_reference = models.CharField(max_length=200, blank=True)
    eligibility_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "summit"], name="one_registration_per_user_and_summit")]
        indexes = [models.Index(fields=["category", "status", "created"])]

    def __str__(self):
        return f"{self.badge_name} ({self.summit})"

    @property
    def is_approved(self):
        return self.status == RegistrationStatus.APPROVED

    @property
    def eligibility_verified(self):
        """Verified, and the declaration still says what the screener saw."""
        return (
            self.eligibility_status == EligibilityStatus.VERIFIED
            and self.verified_us_person == self.is_us_person
            and (self.verified_citizenship.code or "") == (self.country_of_citizenship.code or "")
        )

    @property
    def changed_since_verification(self):
        """Awaiting verification again because a deciding fact changed after a screener's decision."""
        return self.eligibility_status == EligibilityStatus.AWAITING and self.eligibility_checked_at is not None


class RegistrationAnswer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RegistrationQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question}: {self.value}"
