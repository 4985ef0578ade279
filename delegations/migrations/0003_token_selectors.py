"""Selectors for the delegation feed and invitation tokens: add the columns, fill them from
the tokens already issued (so every URL people hold keeps working), then make them unique:
the lookups find a token's row through that index and compare the whole token in constant time."""

from django.db import migrations, models
from django.db.models.functions import Substr

SELECTOR_LENGTH = 16  # delegations.models.SELECTOR_LENGTH when this was written


def fill_selectors(apps, schema_editor):
    """Each token's selector is its first characters: one UPDATE per table, whatever the rows."""
    Delegation = apps.get_model("delegations", "Delegation")
    Invitation = apps.get_model("delegations", "Invitation")
    Delegation.objects.update(feed_token_selector=Substr("feed_token", 1, SELECTOR_LENGTH))
    Invitation.objects.update(token_selector=Substr("token", 1, SELECTOR_LENGTH))


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0002_zone_choices_without_legacy_aliases"),
    ]

    operations = [
        migrations.AddField(
            model_name="delegation",
            name="feed_token_selector",
            field=models.CharField(default="", editable=False, max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invitation",
            name="token_selector",
            field=models.CharField(default="", editable=False, max_length=16),
            preserve_default=False,
        ),
        migrations.RunPython(fill_selectors, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="delegation",
            name="feed_token_selector",
            field=models.CharField(editable=False, max_length=16, unique=True),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="token_selector",
            field=models.CharField(editable=False, max_length=16, unique=True),
        ),
    ]
