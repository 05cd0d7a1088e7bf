"""Where apps above ``exchanges`` hear of gifts without being imported by it: ``social``
registers a listener at start-up that writes the recipient's inbox item. With nothing
registered, the recipient still gets the gift's email."""

from collections.abc import Callable
from dataclasses import dataclass

from ficfest.accounts.models import User


@dataclass(frozen=True)
class GiftNotice:
    """What a recipient is told: written once, naming no creator who is hidden now."""

    user: User
    text: str
    url: str
    emailed: bool  # the exchange emailed it already: an inbox need not email it again


GiftListener = Callable[[GiftNotice], None]

_listeners: list[GiftListener] = []


def register_gift_listener(listener: GiftListener) -> None:
    """Hear of every gift notice (once: registering it again changes nothing)."""
    if all(known is not listener for known in _listeners):
        _listeners.append(listener)


def gift_told(notice: GiftNotice) -> None:
    for listener in _listeners:
        listener(notice)
