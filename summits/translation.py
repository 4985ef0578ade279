"""Organizers' texts with a Hindi version beside the English (conclave/content_language.py)."""

from modeltranslation.translator import TranslationOptions, register

from conclave.content_language import english_writes_and_queries

from .models import Acknowledgement, AcknowledgementVersion, RegistrationCategory, Room, Session, Summit

english_writes_and_queries()


@register(Summit)
class SummitTranslation(TranslationOptions):
    fields = ("name", "tagline", "description")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(RegistrationCategory)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Acknowledgement)
class AcknowledgementTranslation(TranslationOptions):
    fields = ("title",)


@register(AcknowledgementVersion)
class AcknowledgementVersionTranslation(TranslationOptions):
    fields = ("text",)
