"""Test data that reads like the archive: users with pseuds, works with chapters and tags."""

from datetime import datetime
from typing import Any

from django.test import Client

from ficfest.accounts.models import Pseud, User
from ficfest.lib.text import TextFormat
from ficfest.works import services
from ficfest.works.models import ArchiveWarning, Rating, Status, Work


def make_user(username: str, **fields: Any) -> User:
    fields.setdefault("email", f"{username}@example.org")
    user = User.objects.create_user(username=username, password="correct horse battery", **fields)
    return user


def default_pseud(user: User) -> Pseud:
    return Pseud.objects.get(user=user, is_default=True)


def make_work(
    creator: User,
    *,
    title: str = "A Work",
    text: str = "Once upon a time.\n\nThe end.",
    text_format: str = TextFormat.PLAIN,
    fandoms: list[str] | None = None,
    warnings: list[str] | None = None,
    rating: str = Rating.GENERAL,
    status: str = Status.POSTED,
    publish_at: datetime | None = None,
    restricted: bool = False,
    **kwargs: Any,
) -> Work:
    tags = services.WorkTags(
        fandoms=fandoms or ["Buffy the Vampire Slayer"],
        warnings=warnings or [ArchiveWarning.NONE_APPLY],
        categories=kwargs.pop("categories", []),
        relationships=kwargs.pop("relationships", []),
        characters=kwargs.pop("characters", []),
        freeforms=kwargs.pop("freeforms", []),
    )
    return services.work_create(
        poster=creator,
        pseud=kwargs.pop("pseud", None) or default_pseud(creator),
        title=title,
        tags=tags,
        chapter=services.ChapterText(text=text, text_format=text_format),
        rating=rating,
        status=status,
        publish_at=publish_at,
        restricted=restricted,
        **kwargs,
    )


def client_for(user: User) -> Client:
    """A browser session logged in as this user, beside the test's own ``client``."""
    client = Client()
    client.force_login(user)
    return client
