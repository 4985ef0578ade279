"""Print batches: created by an organizer, rendered by a background job (defined here,
next to the work it does, so services and tasks do not import each other)."""

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from summits.audit import log_action

from .enums import BatchStatus
from .errors import BadgeError
from .models import BadgeBatch
from .queries import registrations_for_printing
from .services import mark_printed, render_badge_pdf

# ---------------------------------------------------------------- print batches


def create_badge_batch(summit, registrations, *, actor, fmt, cut_marks=False, sort="surname", description=""):
    registrations = list(registrations)
    if not registrations:
        raise BadgeError("empty", _("No approved registration matches this selection."))
    with transaction.atomic():
        batch = BadgeBatch.objects.create(
            summit=summit,
            created_by=actor,
            format=fmt,
            cut_marks=cut_marks,
            sort=sort,
            description=description[:300],
            registration_ids=[r.pk for r in registrations],
            total=len(registrations),
        )
        log_action("badges.batch.created", actor=actor, summit=summit, obj=batch, total=batch.total, format=fmt)
        # Enqueued inside the transaction: with the database queue the job exists only if the batch does.
        render_badge_batch.enqueue(batch.pk)
    return batch


def run_badge_batch(batch_id, *, processes=None):
    """The background job's work: render, store the PDF, mark badges printed, report progress."""
    batch = BadgeBatch.objects.select_related("summit").get(pk=batch_id)
    if batch.is_finished:
        return batch
    BadgeBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done=0)
    order = {pk: index for index, pk in enumerate(batch.registration_ids)}
    registrations = registrations_for_printing(batch.summit, ids=batch.registration_ids)
    registrations.sort(key=lambda r: order[r.pk])

    def progress(done):
        BadgeBatch.objects.filter(pk=batch.pk).update(done=done)

    try:
        pdf, badges = render_badge_pdf(
            batch.summit,
            registrations,
            fmt=batch.format,
            cut_marks=batch.cut_marks,
            processes=processes,
            on_progress=progress,
        )
    except Exception as error:
        BadgeBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=str(error)[:2000], finished=timezone.now()
        )
        raise
    with transaction.atomic():
        batch.refresh_from_db()
        # An unguessable name too: the file holds badge secrets, whatever serves the storage.
        name = f"badges-{batch.summit.slug}-{batch.pk}-{secrets.token_hex(8)}.pdf"
        batch.file.save(name, ContentFile(pdf), save=False)
        batch.status, batch.done, batch.total = BatchStatus.DONE, len(registrations), len(registrations)
        batch.finished = timezone.now()
        batch.save()
        mark_printed(badges, now=batch.finished)
        log_action("badges.batch.printed", summit=batch.summit, obj=batch, total=batch.total)
    return batch


@task
def render_badge_batch(batch_id):
    """The job: ids in, call the service. `badges.tasks.render_badge_batch` re-exports it for queued jobs."""
    run_badge_batch(batch_id)
