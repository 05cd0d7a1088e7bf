"""Django's log-in and password-reset forms with attempt limits (ficfest.accounts.throttle).

The site's and the admin's log-in share one scope, so the admin page is no second door with
its own allowance."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from ficfest.accounts.throttle import (
    Limit,
    Throttled,
    account_limit,
    address_limit,
    throttle_check,
    throttle_count,
    throttle_reset,
)

LOGIN = "login"
RESET = "password-reset"


class ThrottledLoginMixin(forms.Form):
    """Refuses every attempt, right password or wrong, while the account or the address is
    over its limit; counts wrong passwords; a successful log-in clears the account's count."""

    request: HttpRequest | None
    throttled = False

    def clean(self) -> dict[str, Any]:
        limits = self._limits()
        try:
            throttle_check(*limits)
        except Throttled:
            self.throttled = True
            raise
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                throttle_count(*limits)
            raise
        throttle_reset(limits[0])
        return cleaned or {}

    def _limits(self) -> list[Limit]:
        limits = [account_limit(LOGIN, self.cleaned_data.get("username") or "")]
        if self.request is not None:
            limits.append(address_limit(LOGIN, self.request))
        return limits


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # The same words whether the account is unknown, unconfirmed or the password wrong.
        "invalid_login": "That username and password don't match an account. If you have just "
        "signed up, follow the link in the email we sent you first.",
    }


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ThrottledPasswordResetForm(PasswordResetForm):
    """Each address and each email may ask for so many links per window, so nobody can flood
    someone's inbox with reset emails."""

    throttled = False

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        limits = [address_limit(RESET, self.request)]
        if cleaned.get("email"):
            limits.append(account_limit(RESET, cleaned["email"]))
        try:
            throttle_check(*limits)
        except Throttled:
            self.throttled = True
            raise
        throttle_count(*limits)
        return cleaned
