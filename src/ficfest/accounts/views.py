"""Log in, sign-up, preferences and pseuds. Thin: forms check, services write."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import IntegrityError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ficfest.accounts import services
from ficfest.accounts.auth import current_user
from ficfest.accounts.auth_forms import LoginForm, ThrottledPasswordResetForm
from ficfest.accounts.context_processors import THEME_COOKIE, THEMES
from ficfest.accounts.forms import EmailChangeForm, PreferencesForm, PseudForm, SignupForm
from ficfest.accounts.models import Pseud
from ficfest.accounts.signup import (
    signup_send_already_registered,
    signup_send_confirmation,
    signup_user_for,
)
from ficfest.accounts.throttle import Throttled, address_limit, throttle_check, throttle_count

THEME_MAX_AGE = 365 * 24 * 60 * 60
TOO_MANY_REQUESTS = 429


# Log in and password reset: Django's views with attempt limits


def _refused(form: BaseForm, response: HttpResponse) -> HttpResponse:
    """A throttled form answers 429, so scripts and monitoring see what people read."""
    if getattr(form, "throttled", False):
        response.status_code = TOO_MANY_REQUESTS
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        return _refused(form, super().form_invalid(form))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form: BaseForm) -> HttpResponse:
        return _refused(form, super().form_invalid(form))


# Sign-up, preferences, theme


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        try:
            _count_signup(request)
        except Throttled as error:
            form.add_error(None, error)
            return render(request, "accounts/signup.html", {"form": form}, status=TOO_MANY_REQUESTS)
        if form.is_valid() and _account_sign_up(form):
            return redirect("signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


def _count_signup(request: HttpRequest) -> None:
    # Every sign-up sends an email: an address may send so many per window.
    limit = address_limit("signup", request)
    throttle_check(limit)
    throttle_count(limit)


def _account_sign_up(form: SignupForm) -> bool:
    data = form.cleaned_data
    try:
        user = services.account_sign_up(
            username=data["username"], email=data["email"], password=data["password1"]
        )
    except IntegrityError:
        # Someone else signed up with the same name between the form's check and the insert.
        form.add_error(None, "That username was just taken. Please try again.")
        return False
    if user is None:
        signup_send_already_registered(data["email"])
    else:
        signup_send_confirmation(user)
    return True


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = signup_user_for(uidb64, token)
    if user is None:
        return render(request, "accounts/signup_confirm_failed.html", status=404)
    services.account_confirm(user=user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"Welcome to ficfest, {user.username}!")
    return redirect("dashboard")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    # Two forms share the page; a hidden "form" field says which one was sent.
    sent = request.POST.get("form") if request.method == "POST" else None
    prefs = PreferencesForm(
        request.POST if sent == "preferences" else None,
        initial={"show_adult_content": user.show_adult_content, "time_zone": user.time_zone},
    )
    email = EmailChangeForm(request.POST if sent == "email" else None, user=user)
    if prefs.is_bound and prefs.is_valid():
        services.account_preferences_update(user=user, **prefs.cleaned_data)
        messages.success(request, "Your preferences are saved.")
        return redirect("preferences")
    if email.is_bound and email.is_valid():
        services.account_email_change(user=user, email=email.cleaned_data["email"])
        messages.success(request, "Your email address is changed.")
        return redirect("preferences")
    context = {"prefs_form": prefs, "email_form": email}
    return render(request, "accounts/preferences.html", context)


@require_POST
def theme(request: HttpRequest) -> HttpResponse:
    chosen = request.POST.get("theme", "")
    if chosen not in THEMES:
        return HttpResponseBadRequest("Unknown theme.", content_type="text/plain")
    response = redirect(_safe_next(request))
    response.set_cookie(
        THEME_COOKIE,
        chosen,
        max_age=THEME_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _safe_next(request: HttpRequest) -> str:
    """Back where the reader was, but never to another site (an open redirect)."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else reverse("home")


# Pseuds


@login_required
def pseud_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/pseud_list.html", {"pseuds": current_user(request).pseuds.all()}
    )


@login_required
def pseud_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = PseudForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        pseud = services.pseud_create(user=user, **form.cleaned_data)
        messages.success(request, f"Pseud “{pseud.name}” created.")
        return redirect("pseud_list")
    return render(request, "accounts/pseud_form.html", {"form": form, "pseud": None})


def _own_pseud(request: HttpRequest, pk: int) -> Pseud:
    # Another user's pseud is a 404, not a 403: ids of pseuds are nobody's business.
    return get_object_or_404(Pseud, pk=pk, user=current_user(request))


@login_required
def pseud_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pseud = _own_pseud(request, pk)
    form = PseudForm(request.POST or None, user=current_user(request), pseud=pseud)
    if request.method == "POST" and form.is_valid():
        services.pseud_update(pseud=pseud, **form.cleaned_data)
        messages.success(request, f"Pseud “{pseud.name}” saved.")
        return redirect("pseud_list")
    return render(request, "accounts/pseud_form.html", {"form": form, "pseud": pseud})


@login_required
@require_POST
def pseud_make_default(request: HttpRequest, pk: int) -> HttpResponse:
    pseud = services.pseud_make_default(pseud=_own_pseud(request, pk))
    messages.success(request, f"“{pseud.name}” is now your default pseud.")
    return redirect("pseud_list")
