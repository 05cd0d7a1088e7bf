from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ficfest.accounts.throttle import client_address
from ficfest.social import kudos
from ficfest.social.places import visible_work, work_place

SESSION_KEY = "kudos_given"


@require_POST
def kudos_give(request: HttpRequest, pk: int) -> HttpResponse:
    work = visible_work(request.user, pk)
    place = work_place(work, request.user)
    # A guest counts once per session as well as once per address.
    given: list[int] = request.session.get(SESSION_KEY, [])
    try:
        if not request.user.is_authenticated and work.pk in given:
            counted = False
        else:
            counted = kudos.kudos_give(
                place=place, user=request.user, address=client_address(request)
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not request.user.is_authenticated and work.pk not in given:
            request.session[SESSION_KEY] = [*given, work.pk][-500:]
        if counted:
            messages.success(request, "Thank you for leaving kudos!")
        else:
            messages.info(request, "You have already left kudos here.")
    return redirect(f"{work.get_absolute_url()}#kudos")
