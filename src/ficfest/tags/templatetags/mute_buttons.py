"""Mute and unmute buttons for a tag's page and a creator's pages.

Buttons, never links: muting is a change, sent by POST (a form works without JS), and it
comes back to the page it was sent from. Guests see nothing, and nobody is offered to mute
themselves."""

from typing import Any

from django import template

from ficfest.accounts.models import User
from ficfest.accounts.selectors import is_creator_muted
from ficfest.tags.models import Tag
from ficfest.tags.mutes import mute_covering, mute_is_own

register = template.Library()


def _reader(context: template.Context) -> User | None:
    user = context.get("user")
    return user if isinstance(user, User) else None


def _shown_here(context: template.Context) -> dict[str, Any]:
    """Where the buttons come back to, and this page with mutes off or on (``muted=show``,
    the listings' parameter), its other parameters kept."""
    request, token = context.get("request"), context.get("csrf_token")
    if request is None:
        return {"next": "", "showing": False, "toggle_url": "", "csrf_token": token}
    query = request.GET.copy()
    showing = query.get("muted") == "show"
    query.pop("page", None)  # the page count changes with the mutes
    if showing:
        query.pop("muted")
    else:
        query["muted"] = "show"
    encoded = query.urlencode()
    return {
        "next": request.get_full_path(),
        "showing": showing,
        "toggle_url": f"{request.path}?{encoded}" if encoded else request.path,
        "csrf_token": token,
    }


@register.inclusion_tag("tags/_mute_tag_button.html", takes_context=True)
def tag_mute_button(context: template.Context, tag: Tag) -> dict[str, Any]:
    reader = _reader(context)
    mute = mute_covering(user=reader, tag=tag) if reader else None
    return {
        "reader": reader,
        "tag": tag,
        "mute": mute,
        # Muted through a meta tag: this page can't unmute it, the meta tag's page can.
        "by_other": mute is not None and not mute_is_own(mute, tag),
        **_shown_here(context),
    }


@register.inclusion_tag("tags/_mute_creator_button.html", takes_context=True)
def creator_mute_button(
    context: template.Context, creator: User, toggle: bool = False
) -> dict[str, Any]:
    """``toggle``: on a page that applies the reader's mutes itself (the profile), also the
    link to show muted works on it when the creator is not the one muted."""
    reader = _reader(context)
    shown = reader is not None and reader.pk != creator.pk
    muted = shown and reader is not None and is_creator_muted(user=reader, muted=creator)
    return {
        "shown": shown,
        "creator": creator,
        "muted": muted,
        "toggle": toggle and shown and not muted and _has_mutes(reader),
        **_shown_here(context),
    }


def _has_mutes(reader: User | None) -> bool:
    return reader is not None and (reader.tag_mutes.exists() or reader.creator_mutes.exists())


@register.inclusion_tag("tags/_muted_toggle_link.html", takes_context=True)
def muted_toggle(context: template.Context) -> dict[str, Any]:
    """For a reader with mutes: a link to this page with them off (or on again). It reads the
    same whether or not a muted work was left out here, so it tells nothing."""
    return {"shown": _has_mutes(_reader(context)), **_shown_here(context)}
