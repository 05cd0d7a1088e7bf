"""Attempt limits for the forms a stranger can hammer: log in, admin log in, sign up, password
reset. Counts live in the default cache (local memory by default, Redis at scale) in windows of
THROTTLE_WINDOW_MINUTES: once a key reaches its limit it is refused until its window ends, so
the right person is never locked out for good.

A key is a scope and what is counted: an account (a hash of the lower-cased name, so the cache
holds no names) or an address."""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    key: str
    allowed: int


class Throttled(ValidationError):
    """Too many attempts; the message says how long to wait."""

    def __init__(self, seconds: float) -> None:
        minutes = max(1, math.ceil(seconds / 60))
        unit = "minute" if minutes == 1 else "minutes"
        super().__init__(f"Too many attempts: try again in {minutes} {unit}.", code="throttled")


def window_seconds() -> int:
    return settings.THROTTLE_WINDOW_MINUTES * 60


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind THROTTLE_TRUSTED_PROXIES proxies (nginx, a
    load balancer) it is the entry that many places from the end of X-Forwarded-For: the ones
    before it are whatever the client chose to send."""
    proxies = settings.THROTTLE_TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def account_limit(scope: str, name: str) -> Limit:
    digest = hashlib.sha256(name.strip().lower().encode()).hexdigest()[:32]
    return Limit(f"throttle:{scope}:account:{digest}", settings.THROTTLE_ACCOUNT_ATTEMPTS)


def address_limit(scope: str, request: HttpRequest) -> Limit:
    address = client_address(request)
    return Limit(f"throttle:{scope}:address:{address}", settings.THROTTLE_ADDRESS_ATTEMPTS)


def throttle_check(*limits: Limit) -> None:
    """Raise Throttled when any of the limits is used up for its window."""
    for limit in limits:
        count = cache.get(limit.key, 0)
        if count >= limit.allowed:
            raise Throttled(_seconds_left(limit))


def throttle_count(*limits: Limit) -> None:
    """Count one attempt against each limit. add() starts a window only when none is open and
    incr() is atomic, so concurrent attempts are all counted."""
    for limit in limits:
        if cache.add(limit.key, 1, window_seconds()):
            cache.set(f"{limit.key}:ends", time.time() + window_seconds(), window_seconds())
        else:
            try:
                cache.incr(limit.key)
            except ValueError:  # the window ended between add() and incr()
                throttle_count(limit)


def throttle_reset(*limits: Limit) -> None:
    cache.delete_many([key for limit in limits for key in (limit.key, f"{limit.key}:ends")])


def _seconds_left(limit: Limit) -> float:
    ends = cache.get(f"{limit.key}:ends")
    return (ends - time.time()) if ends else window_seconds()
