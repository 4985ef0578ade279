"""Background jobs: ids in, call a service or send a mail."""

from django.tasks import task


@task
def send_request_email(request_id):
    from .emails import send_request_mail

    send_request_mail(request_id)


@task
def send_accepted_email(request_id):
    from .emails import send_accepted_mail

    send_accepted_mail(request_id)


@task
def send_schedule_emails(summit_id):
    from .emails import send_schedule_mails

    send_schedule_mails(summit_id)


@task
def schedule_meetings_job(run_id):
    from .scheduling import perform_run

    perform_run(run_id=run_id)
