"""Sign-up by email link. The page answers the same for a new address and a registered one, so
it tells nobody who has an account here: the new address gets a link that confirms the account;
a registered one gets a note that someone tried to sign up with it."""

from collections.abc import Mapping

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from ficfest.accounts.models import User
from ficfest.lib.urls import absolute


def signup_link(user: User) -> str:
    # The password-reset token: it changes once the account logs in, so the link works once.
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("signup_confirm", args=[uid, token]))


def signup_user_for(uidb64: str, token: str) -> User | None:
    """The pending account a confirmation link names, if the link is still good."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=False, last_login__isnull=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def signup_send_confirmation(user: User) -> None:
    _send(user.email, "Confirm your ficfest account", "accounts/email_signup_confirm.txt",
          {"user": user, "url": signup_link(user)})  # fmt: skip


def signup_send_already_registered(email: str) -> None:
    context = {"login_url": absolute(reverse("login")),
               "reset_url": absolute(reverse("password_reset"))}  # fmt: skip
    _send(email, "Someone tried to sign up with your address",
          "accounts/email_signup_exists.txt", context)  # fmt: skip


def _send(email: str, subject: str, template: str, context: Mapping[str, object]) -> None:
    message = render_to_string(template, context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[email])
