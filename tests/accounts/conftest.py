import pytest
from django.template.backends.django import Template

from accounts.models import Preferences


@pytest.fixture
def rendered_languages(monkeypatch):
    """[(template name, active language)] of every template rendered from now on."""
    from django.utils import translation

    seen = []
    render = Template.render

    def recording(self, context=None, request=None):
        seen.append((self.origin.template_name, translation.get_language()))
        return render(self, context, request)

    monkeypatch.setattr(Template, "render", recording)
    return seen


@pytest.fixture
def prefers():
    def save(user, language):
        Preferences.objects.update_or_create(user=user, defaults={"language": language})
        user.__dict__.pop("_saved_language", None)
        return user

    return save
