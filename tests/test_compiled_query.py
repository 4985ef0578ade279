"""conclave.compiled_query: compiled once, each call binds its own values and keeps the query's constants."""

from datetime import datetime

import pytest

from conclave.compiled_query import CompiledRead
from summits.enums import SummitStatus
from summits.models import Summit
from tests.factories import SummitFactory


def published(slug):
    return Summit.objects.filter(slug=slug, status=SummitStatus.PUBLISHED).values_list("pk", "updated")


@pytest.mark.django_db
def test_each_call_binds_its_own_value_and_keeps_the_querys_constants():
    read = CompiledRead(Summit, published, slug="\x00slug")
    one = SummitFactory(slug="one", status=SummitStatus.PUBLISHED)
    two = SummitFactory(slug="two", status=SummitStatus.PUBLISHED)
    SummitFactory(slug="draft", status=SummitStatus.DRAFT)

    assert read.first(slug="one")[0] == one.pk
    assert read.first(slug="two")[0] == two.pk  # the same compiled SQL, another value
    assert read.first(slug="draft") is None  # the status stays part of the query
    assert read.first(slug="nothing") is None
    # The ORM's converters apply (SQLite hands timestamps over as text).
    assert isinstance(read.first(slug="one")[1], datetime)
    assert len(read._compiled) == 1
