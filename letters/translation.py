"""The letter template's text with a Hindi version beside the English (conclave/content_language.py)."""

from modeltranslation.translator import TranslationOptions, register

from conclave.content_language import english_writes_and_queries

from .models import LetterTemplate

english_writes_and_queries()


@register(LetterTemplate)
class LetterTemplateTranslation(TranslationOptions):
    fields = ("body", "signer_title")
