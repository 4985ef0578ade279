"""The public verification page a consulate opens from the letter's QR code."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ops.ratelimit import rate_limit

from ..masking import mask_middle
from ..queries import verified_letter


@never_cache
@rate_limit("letter-verify", rate="LETTER_VERIFY_RATE_LIMIT")
def verify_letter(request, reference):
    letter = verified_letter(reference, request.GET.get("c", ""))
    if letter is None:
        # Unknown reference, wrong code, wrong shape: one answer for all.
        return render(request, "letters/verify_unknown.html", status=404)
    context = {"letter": letter, "summit": letter.summit, "masked_name": mask_middle(letter.passport_name)}
    return render(request, "letters/verify.html", context)
