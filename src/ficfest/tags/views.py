"""The wrangling pages: one tag's wrangle page, and the staff page naming wranglers. Views only
read the forms and call ficfest.tags.wrangling, whose refusals go back next to the field."""

import logging
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ficfest.accounts.auth import current_user
from ficfest.accounts.models import User
from ficfest.tags.forms import (
    CanonicalForm,
    MergeForm,
    ParentForm,
    ParentRemoveForm,
    RenameForm,
    WranglerGrantForm,
)
from ficfest.tags.models import FIXED_TYPES, Tag
from ficfest.tags.permissions import staff_required, wrangler_required
from ficfest.tags.selectors import tag_family
from ficfest.tags.wrangling import (
    tag_canonical_set,
    tag_merge,
    tag_parent_add,
    tag_parent_remove,
    tag_rename,
    tag_unmerge,
    wrangler_set,
)

log = logging.getLogger(__name__)

Forms = dict[str, forms.Form]
# Each action: the form it reads, the field a refusal belongs to (None: the form as a
# whole), the change, and what to say when it is done.
Change = Callable[[Tag, dict[str, Any]], None]
Said = Callable[[Tag, dict[str, Any]], str]


def _forms(tag: Tag, data: Any = None) -> Forms:
    return {
        "rename": RenameForm(data, initial={"name": tag.name}),
        "canonical": CanonicalForm(data),
        "merge": MergeForm(data, tag=tag),
        "unmerge": forms.Form(data),
        "parent": ParentForm(data, tag=tag),
        "parent_remove": ParentRemoveForm(data, tag=tag),
    }


ACTIONS: dict[str, tuple[str | None, Change, Said]] = {
    "rename": (
        "name",
        lambda tag, d: tag_rename(tag=tag, name=d["name"]),
        lambda tag, d: f"Renamed to “{tag.name}”.",
    ),
    "canonical": (
        None,
        lambda tag, d: tag_canonical_set(tag=tag, canonical=d["canonical"]),
        lambda tag, d: f"“{tag.name}” is {'now' if d['canonical'] else 'no longer'} canonical.",
    ),
    "merge": (
        "into",
        lambda tag, d: tag_merge(tag=tag, into=d["into"]),
        lambda tag, d: f"“{tag.name}” is now a synonym of “{d['into'].name}”.",
    ),
    "unmerge": (
        None,
        lambda tag, d: tag_unmerge(tag=tag),
        lambda tag, d: f"“{tag.name}” is no longer a synonym.",
    ),
    "parent": (
        "parent",
        lambda tag, d: tag_parent_add(child=tag, parent=d["parent"]),
        lambda tag, d: f"“{d['parent'].name}” is now a parent of “{tag.name}”.",
    ),
    "parent_remove": (
        None,
        lambda tag, d: tag_parent_remove(child=tag, parent=d["parent_id"]),
        lambda tag, d: f"“{d['parent_id'].name}” is no longer a parent of “{tag.name}”.",
    ),
}


def _apply(action: str, tag: Tag, form: forms.Form) -> str | None:
    """Run one action from its bound form: what to say when done, None when refused (the
    refusal is then on the form)."""
    field, change, said = ACTIONS[action]
    if not form.is_valid():
        return None
    try:
        change(tag, form.cleaned_data)
    except ValidationError as error:
        form.add_error(field, error)
        return None
    return said(tag, form.cleaned_data)


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go after an action: a page of this site the form named (the queue), else the
    tag's wrangle page."""
    wanted = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    return wanted if safe and wanted.startswith("/") else default


@wrangler_required
def tag_wrangle(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.select_related("merger"), pk=pk)
    here = reverse("tag_wrangle", args=[tag.pk])
    forms_ = _forms(tag)
    problem = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ACTIONS:
            forms_[action] = _forms(tag, request.POST)[action]
            if (done := _apply(action, tag, forms_[action])) is not None:
                messages.success(request, done)
                return redirect(_next_url(request, here))
        else:
            problem = "That is not something this page can do: nothing was changed."
    context = {
        "tag": tag,
        "family": tag_family(tag),
        "forms": forms_,
        "fixed": tag.type in FIXED_TYPES,
        "problem": problem,
        "back": _next_url(request, ""),
    }
    return render(request, "tags/wrangle.html", context, status=400 if problem else 200)


@staff_required
def wranglers(request: HttpRequest) -> HttpResponse:
    form = WranglerGrantForm()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            return _revoke(request)
        form = WranglerGrantForm(request.POST)
        if form.is_valid():
            user = form.cleaned_data["username"]
            wrangler_set(user=user, wrangler=True)
            _said(request, f"{user.username} is now a tag wrangler.")
            return redirect("wranglers")
    listed = User.objects.filter(is_wrangler=True).order_by("username")
    return render(request, "tags/wranglers.html", {"form": form, "wranglers": listed})


def _revoke(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("user_id", "")
    number = raw.isascii() and raw.isdigit() and len(raw) < 10  # ids fit in 32 bits
    user = User.objects.filter(pk=int(raw), is_wrangler=True).first() if number else None
    if user is None:
        messages.error(request, "That user is not a tag wrangler (any more): nothing changed.")
    else:
        wrangler_set(user=user, wrangler=False)
        _said(request, f"{user.username} is no longer a tag wrangler.")
    return redirect("wranglers")


def _said(request: HttpRequest, text: str) -> None:
    """The staff member sees it; the log keeps who did it."""
    messages.success(request, text)
    log.info("%s (by %s)", text, current_user(request).username)
