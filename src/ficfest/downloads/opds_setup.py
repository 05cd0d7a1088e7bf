"""The page that tells a reader how to add the catalog to their e-reader app, with their
personal address, which they may replace at any time (the old one stops working)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import current_user
from ficfest.downloads.opds_access import catalog_key_for, catalog_key_renew, catalog_key_text
from ficfest.lib.urls import absolute


def setup(request: HttpRequest) -> HttpResponse:
    personal = ""
    if request.user.is_authenticated:
        key = catalog_key_for(current_user(request))
        if key is not None:
            personal = absolute(reverse("opds_root", kwargs={"key": catalog_key_text(key)}))
    context = {"public": absolute(reverse("opds_root")), "personal": personal}
    return render(request, "downloads/opds_setup.html", context)


@login_required
@require_POST
def key_renew(request: HttpRequest) -> HttpResponse:
    had = catalog_key_for(current_user(request)) is not None
    catalog_key_renew(user=current_user(request))
    if had:
        messages.success(request, "Your new catalog address is below; the old one no longer works.")
    else:
        messages.success(request, "Your personal catalog address is below.")
    return redirect("opds_setup")
