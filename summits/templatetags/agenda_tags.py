from django import template

from ..agenda.queries import confirmed_count, seat_limit, waitlist_position
from ..enums import RegistrationStatus, SignupStatus
from ..models import SessionSignup
from ..registration.queries import own_registration
from ..screening.acknowledgement_forms import AcceptForm
from ..screening.queries import missing_acknowledgement

register = template.Library()


@register.inclusion_tag("summits/includes/signup_panel.html", takes_context=True)
def signup_panel(context, session, visible):
    """Seats and the sign-up / cancel button of a session, for the person looking."""
    request = context["request"]
    summit = session.summit
    panel = {
        "session": session,
        "summit": summit,
        "visible": visible,
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
    if not session.needs_signup or not visible:
        return panel
    limit = seat_limit(session)
    taken = confirmed_count(session)
    panel.update(limit=limit, taken=taken, free=None if limit is None else max(limit - taken, 0))
    if not request.user.is_authenticated:
        return panel
    access = context.get("access")  # the page's SessionAccess already holds the person's registration
    registration = access.registration if access and not access.is_organizer else own_registration(request.user, summit)
    signup = None
    if registration is not None:
        signup = SessionSignup.objects.filter(
            registration=registration, session=session, status__in=SignupStatus.active()
        ).first()
    panel.update(
        registration=registration,
        approved=registration is not None and registration.status == RegistrationStatus.APPROVED,
        signup=signup,
        position=waitlist_position(signup) if signup else None,
    )
    if panel["approved"] and signup is None:
        panel.update(_acknowledgement_panel(context, registration, session))
    return panel


def _acknowledgement_panel(context, registration, session):
    """The text to accept before signing up, with the tick box (kept, with its error, after a refusal)."""
    version = missing_acknowledgement(registration, session)
    if version is None:
        return {}
    return {"acknowledgement": version, "ack_form": context.get("ack_form") or AcceptForm()}
