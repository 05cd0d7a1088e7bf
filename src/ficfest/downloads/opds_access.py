"""Who is reading a catalog. E-reader apps keep no session: a catalog is public unless its
address carries a reader's personal key (``/opds/u/<key>/...``) or the app sends the reader's
username and password (HTTP Basic). A browser's log-in session is not used, so an address
means the same thing wherever it is fetched.

The key is a random nonce followed by its signature with the site's secret key: looking it up
needs the nonce, accepting it needs the signature, so the database alone opens no catalog.
Passwords sent by apps count against the log-in form's attempt limits (one allowance for
every door).
"""

import base64
import binascii
import secrets
from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.auth_forms import LOGIN
from ficfest.accounts.models import User
from ficfest.accounts.throttle import (
    Throttled,
    account_limit,
    address_limit,
    throttle_check,
    throttle_count,
    throttle_reset,
)
from ficfest.downloads.models import CatalogKey

_SALT = "ficfest.downloads.catalog-key"
NONCE_LENGTH = 20  # characters of secrets.token_urlsafe(15)
SIGNATURE_LENGTH = 24


class CatalogRefused(Exception):
    """Credentials the catalog cannot accept: ``status`` 401 (wrong) or 429 (too many)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class CatalogReader:
    """Whose catalog this is, and the key its links must carry to stay theirs."""

    user: AnyUser
    key: str = ""

    @property
    def personal(self) -> bool:
        return self.user.is_authenticated


def _signature(nonce: str) -> str:
    return salted_hmac(_SALT, nonce, algorithm="sha256").hexdigest()[:SIGNATURE_LENGTH]


def catalog_key_text(key: CatalogKey) -> str:
    return f"{key.nonce}{_signature(key.nonce)}"


@transaction.atomic
def catalog_key_renew(*, user: User) -> CatalogKey:
    """A new key for this reader; the old address stops working at once."""
    nonce = secrets.token_urlsafe(15)
    key, _created = CatalogKey.objects.update_or_create(user=user, defaults={"nonce": nonce})
    return key


def catalog_key_for(user: User) -> CatalogKey | None:
    return CatalogKey.objects.filter(user=user).first()


def user_for_key(text: str) -> User | None:
    nonce, signature = text[:NONCE_LENGTH], text[NONCE_LENGTH:]
    if len(signature) != SIGNATURE_LENGTH or not constant_time_compare(
        signature, _signature(nonce)
    ):
        return None
    found = CatalogKey.objects.select_related("user").filter(nonce=nonce).first()
    return found.user if found is not None and found.user.is_active else None


def _basic_credentials(request: HttpRequest) -> tuple[str, str] | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise CatalogRefused("Send your username and password.", 401) from None
    username, colon, password = decoded.partition(":")
    if not colon or not username:
        raise CatalogRefused("Send your username and password.", 401)
    return username, password


def basic_user(request: HttpRequest) -> User | None:
    """The reader whose username and password came with the request, or None if none came;
    wrong ones are refused (and counted), as is any attempt while the limits are used up."""
    credentials = _basic_credentials(request)
    if credentials is None:
        return None
    username, password = credentials
    limits = [account_limit(LOGIN, username), address_limit(LOGIN, request)]
    try:
        throttle_check(*limits)
    except Throttled as refusal:
        raise CatalogRefused(refusal.messages[0], 429) from None
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        throttle_count(*limits)
        raise CatalogRefused("That username and password don't match an account.", 401)
    throttle_reset(limits[0])
    return user


def catalog_reader(request: HttpRequest, key: str | None) -> CatalogReader | None:
    """The reader of this request's catalog; None for an unknown key (the view says 404)."""
    if key is not None:
        user = user_for_key(key)
        return CatalogReader(user, key) if user is not None else None
    return CatalogReader(basic_user(request) or AnonymousUser())
