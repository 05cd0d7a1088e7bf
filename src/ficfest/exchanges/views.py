"""Ficathon pages: the sign-up form, the moderators' sign-ups and assignments pages, and each
creator's own assignments.

Secrecy: an assignment is read only through ``selectors.assignments_of`` (after
``require_moderator``) or ``selectors.assignments_given_by`` (the assignee's own). No page
tells a recipient who writes for them.
"""

import csv
from collections.abc import Callable
from datetime import UTC
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ficfest.accounts.auth import current_user
from ficfest.accounts.models import User
from ficfest.communities.models import Challenge
from ficfest.communities.permissions import is_moderator, may_post, require_moderator
from ficfest.exchanges import selectors, services, signup_tags, views_matching, views_signup
from ficfest.exchanges.forms import AssignmentForm, FulfilForm, PinchHitForm, SignUpForm
from ficfest.exchanges.forms_tagged import SignUpTagsForm
from ficfest.exchanges.matching_page import assignment_warnings
from ficfest.exchanges.models import Assignment, AssignmentStatus, SignUp
from ficfest.exchanges.selectors import Window
from ficfest.exchanges.signup_pool import TAG_COLUMNS, tag_cells
from ficfest.lib.forms import add_service_errors

ASSIGNED = AssignmentStatus.ASSIGNED


def _posted_pk(request: HttpRequest) -> int:
    value = request.POST.get("assignment", "")
    if not value.isdigit():
        raise Http404("No such assignment.")
    return int(value)


# Sign-up ----------------------------------------------------------------------------------


@login_required
def signup(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    ficathon = selectors.ficathon_or_404(slug, challenge)
    me = current_user(request)
    mine = selectors.signup_of(ficathon, me)
    window = selectors.signup_window(ficathon)
    allowed = may_post(me, ficathon.community)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied("Only members of this community can sign up.")
        if window != Window.OPEN:
            messages.error(request, "Sign-ups are not open: nothing was saved.")
            return redirect(request.path)
        if request.POST.get("action") == "withdraw":
            return _withdraw(request, mine)
    form = tags_form = None
    tagged = signup_tags.is_tagged(ficathon)
    if window == Window.OPEN and allowed:
        form = SignUpForm(request.POST or None, instance=mine, user=me, tagged=tagged)
        tags_form = views_signup.tags_form(request, ficathon, mine) if tagged else None
        valid = form.is_valid() and (tags_form is None or tags_form.is_valid())
        if request.method == "POST" and valid and _save(request, form, tags_form, ficathon, me):
            return redirect(request.path)
    return render(request, "exchanges/signup.html", {
        "challenge": ficathon, "signup": mine, "window": window, "allowed": allowed,
        "form": form, "tags_form": tags_form, "is_moderator": is_moderator(me, ficathon.community),
        "choices": views_signup.choices_or_none(mine),
    })  # fmt: skip


def _save(request: HttpRequest, form: SignUpForm, tags_form: SignUpTagsForm | None,
          challenge: Challenge, me: User) -> bool:  # fmt: skip
    tags = tags_form.cleaned_data if tags_form else None
    try:
        if form.instance.pk:
            signup_tags.signup_save(signup=form.instance, fields=form.signup_fields(), tags=tags)
            messages.success(request, "Your sign-up was updated.")
        else:
            signup_tags.signup_save(challenge=challenge, user=me, fields=form.signup_fields(),
                                    tags=tags)  # fmt: skip
            messages.success(request, "Thank you for signing up!")
    except ValidationError as error:
        add_service_errors(tags_form or form, error)
        return False
    return True


def _withdraw(request: HttpRequest, mine: SignUp | None) -> HttpResponse:
    if mine is not None:
        try:
            services.signup_withdraw(signup=mine)
            messages.success(request, "Your sign-up was withdrawn.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(request.path)


# The moderators' sign-ups page ------------------------------------------------------------

CSV_HEADER = ["Pseud", "User", "Contact", "Requests", "Offers", "Restrictions", "Won't write",
              "Pinch hitter", "Signed up (UTC)", *TAG_COLUMNS]  # fmt: skip


@login_required
def signups(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    ficathon = selectors.ficathon_or_404(slug, challenge)
    require_moderator(current_user(request), ficathon.community)
    rows = selectors.signups_of(ficathon)
    if request.GET.get("format") == "csv":
        return _signups_csv(ficathon, rows)
    return render(request, "exchanges/signups.html", {"challenge": ficathon, "signups": rows})


def _cell(value: str) -> str:
    """Spreadsheets run cells that start like a formula; quote them so they stay text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _signups_csv(challenge: Challenge, rows: QuerySet[SignUp]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{challenge.slug}-signups.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    tags = tag_cells(challenge)
    for row in rows:
        texts = [row.pseud.name, row.user.username, row.contact, row.requests, row.offers,
                 row.restrictions, row.wont_write]  # fmt: skip
        writer.writerow([*map(_cell, texts), "yes" if row.pinch_hitter else "no",
                         row.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
                         *map(_cell, tags.get(row.pk, ["", "", ""]))])  # fmt: skip
    return response


# The moderators' assignments page ---------------------------------------------------------


class _Page:
    """The assignments page's forms; an action binds the one it handles to the POST."""

    def __init__(self, challenge: Challenge) -> None:
        self.challenge = challenge
        self.assign_form = self.make_assign_form()
        self.awaiting = list(selectors.awaiting_pinch_hit(challenge))
        self.pinch_forms = {a.pk: self.make_pinch_form(a) for a in self.awaiting}

    def make_assign_form(self, data: Any = None) -> AssignmentForm:
        return AssignmentForm(
            data, prefix="assign", givers=selectors.signups_of(self.challenge),
            recipients=selectors.recipients_of(self.challenge),
            time_zone=self.challenge.community.time_zone,
        )  # fmt: skip

    def make_pinch_form(self, assignment: Assignment, data: Any = None) -> PinchHitForm:
        due = self.challenge.assignments_due_at
        return PinchHitForm(
            data, prefix=f"pinch-{assignment.pk}",
            volunteers=selectors.pinch_hitters_for(assignment),
            initial={"due_at": due if due and due > timezone.now() else None},
            time_zone=self.challenge.community.time_zone,
        )  # fmt: skip

    def context(self) -> dict[str, Any]:
        givers, recipients = selectors.unassigned(self.challenge)
        assignments = selectors.assignments_of(self.challenge)
        return {
            "challenge": self.challenge,
            "window": selectors.signup_window(self.challenge),
            "assignments": assignments,
            "unsent": sum(1 for a in assignments if a.sent_at is None and a.status == ASSIGNED),
            "free_givers": givers,
            "free_recipients": recipients,
            "assign_form": self.assign_form,
            "awaiting": [(a, self.pinch_forms[a.pk]) for a in self.awaiting],
            **views_matching.matching_context(self.challenge, assignments),
        }


def _assign(request: HttpRequest, page: _Page) -> bool:
    if selectors.signup_window(page.challenge) != Window.CLOSED:
        messages.error(request, "Assignments can be made once sign-ups have closed.")
        return True  # the form is not on the page yet: say it above
    form = page.assign_form = page.make_assign_form(request.POST)
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        made = services.assignment_create(giver=data["giver"], recipient=data["recipient"],
                                          due_at=data["due_at"])  # fmt: skip
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, f"{data['giver'].pseud} now writes for {data['recipient'].pseud}.")
    if why := assignment_warnings(page.challenge, [made]).get(made.pk):
        messages.warning(request, f"This pair breaks the exchange's matching rules: {why}")
    return True


def _one_of(page: _Page, request: HttpRequest) -> Assignment:
    return get_object_or_404(selectors.assignments_of(page.challenge), pk=_posted_pk(request))


def _mark_defaulted(request: HttpRequest, page: _Page) -> bool:
    return _simple(request, services.assignment_default, _one_of(page, request),
                   "Marked defaulted: assign a pinch hitter below.")  # fmt: skip


def _remove(request: HttpRequest, page: _Page) -> bool:
    return _simple(request, services.assignment_delete, _one_of(page, request),
                   "Assignment removed.")  # fmt: skip


def _simple(request: HttpRequest, service: Callable[..., Any], assignment: Assignment,
            done: str) -> bool:  # fmt: skip
    try:
        service(assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return True  # nothing to show by a field: back to the page with the message
    messages.success(request, done)
    return True


def _pinch_hit(request: HttpRequest, page: _Page) -> bool:
    defaulted = next((a for a in page.awaiting if a.pk == _posted_pk(request)), None)
    if defaulted is None:
        raise Http404("No default waiting for a pinch hitter.")
    form = page.pinch_forms[defaulted.pk] = page.make_pinch_form(defaulted, request.POST)
    if not form.is_valid():
        return False
    try:
        hit = services.assignment_pinch_hit(defaulted=defaulted, giver=form.giver(),
                                            due_at=form.cleaned_data["due_at"])  # fmt: skip
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, f"{hit.giver.pseud} pinch-hits for {hit.recipient.pseud}; "
                     "their assignment is on its way.")  # fmt: skip
    return True


def _send(request: HttpRequest, page: _Page) -> bool:
    count = services.assignments_send(challenge=page.challenge)
    if count:
        messages.success(request, f"Sending {count} assignment{'s' if count > 1 else ''}.")
    else:
        messages.info(request, "Every assignment has been sent already.")
    return True


_ACTIONS: dict[str, Callable[[HttpRequest, _Page], bool]] = {
    "assign": _assign,
    "default": _mark_defaulted,
    "remove": _remove,
    "pinch_hit": _pinch_hit,
    "send": _send,
}


@login_required
def assignments(request: HttpRequest, slug: str, challenge: str) -> HttpResponse:
    ficathon = selectors.ficathon_or_404(slug, challenge)
    require_moderator(current_user(request), ficathon.community)
    page = _Page(ficathon)
    if request.method == "POST":
        action = _ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            return HttpResponseBadRequest("Unknown action.")
        if action(request, page):
            return redirect(request.path)
    return render(request, "exchanges/assignments.html", page.context())


# My assignments ---------------------------------------------------------------------------


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    me = current_user(request)
    mine = selectors.assignments_given_by(me)
    listed = list(mine)
    works = {a.pk: selectors.works_to_fulfil_with(a) for a in listed if a.status == ASSIGNED}
    forms = {pk: FulfilForm(prefix=f"fulfil-{pk}", works=offered) for pk, offered in works.items()}
    if request.method == "POST":
        assignment = get_object_or_404(mine, pk=_posted_pk(request))
        if assignment.pk not in forms:
            status = assignment.get_status_display().lower()
            messages.error(request, f"This assignment is {status}.")
            return redirect("my_assignments")
        form = forms[assignment.pk] = FulfilForm(request.POST, prefix=f"fulfil-{assignment.pk}",
                                                 works=works[assignment.pk])  # fmt: skip
        if form.is_valid() and _fulfil(request, form, assignment, me):
            return redirect("my_assignments")
    rows = [(a, forms.get(a.pk)) for a in listed]
    return render(request, "exchanges/my_assignments.html", {"rows": rows})


def _fulfil(request: HttpRequest, form: FulfilForm, assignment: Assignment, me: User) -> bool:
    work = form.cleaned_data["work"]
    try:
        services.assignment_fulfil(assignment=assignment, work=work, by=me)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, f"“{work.title}” fulfils your assignment. Thank you!")
    return True
