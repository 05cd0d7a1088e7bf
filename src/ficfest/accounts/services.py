"""Writes to accounts and pseuds. Each runs in one transaction; forms validate before."""

from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet

from ficfest.accounts.models import Block, CreatorMute, Pseud, User
from ficfest.lib.dates import validate_time_zone


@transaction.atomic
def account_create(*, username: str, email: str, password: str, is_active: bool = True) -> User:
    """A new reader; the post_save signal gives them their default pseud in this transaction."""
    return User.objects.create_user(
        username=username,
        email=User.objects.normalize_email(email),
        password=password,
        is_active=is_active,
    )


def accounts_pending() -> QuerySet[User]:
    """Sign-ups whose email link was never followed: inactive and never logged in. They hold
    no name or address: a new sign-up with either replaces them."""
    return User.objects.filter(is_active=False, last_login__isnull=True)


@transaction.atomic
def account_sign_up(*, username: str, email: str, password: str) -> User | None:
    """A pending account, waiting for its owner to confirm the email address; None when a
    real account already has the address (the caller tells that account's owner, and answers
    the visitor exactly as for a new address)."""
    if User.objects.filter(email__iexact=email).exclude(pk__in=accounts_pending()).exists():
        make_password(password)  # the same hashing work either way: timing tells nothing
        return None
    clash = accounts_pending().filter(username__iexact=username) | accounts_pending().filter(
        email__iexact=email
    )
    clash.delete()
    return account_create(username=username, email=email, password=password, is_active=False)


@transaction.atomic
def account_confirm(*, user: User) -> User:
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def account_preferences_update(
    *, user: User, show_adult_content: bool, time_zone: str | None = None
) -> User:
    """Save the reading preferences; a time zone left out stays as it was, "" is the site's."""
    user.show_adult_content = show_adult_content
    if time_zone:
        validate_time_zone(time_zone)
    if time_zone is not None:
        user.time_zone = time_zone
    user.save(update_fields=["show_adult_content", "time_zone"])
    return user


@transaction.atomic
def account_email_change(*, user: User, email: str) -> User:
    user.email = User.objects.normalize_email(email)
    user.save(update_fields=["email"])
    return user


@transaction.atomic
def pseud_create(*, user: User, name: str, description: str = "") -> Pseud:
    return Pseud.objects.create(user=user, name=name, description=description)


@transaction.atomic
def pseud_update(*, pseud: Pseud, name: str, description: str) -> Pseud:
    pseud.name = name
    pseud.description = description
    pseud.save(update_fields=["name", "description"])
    return pseud


@transaction.atomic
def pseud_make_default(*, pseud: Pseud) -> Pseud:
    # The old default is cleared first: the one-default-per-user constraint is checked per row.
    Pseud.objects.filter(user_id=pseud.user_id, is_default=True).exclude(pk=pseud.pk).update(
        is_default=False
    )
    Pseud.objects.filter(pk=pseud.pk).update(is_default=True)
    pseud.is_default = True
    return pseud


# Muted creators. A sensible ceiling: past it a reader is filtering the archive by hand, and
# every listing pays for each mute in its query.
CREATOR_MUTES_MAX = 500


M = TypeVar("M", bound=Model)


def mute_once(*, user: User, mutes: QuerySet[M], what: str, most: int, **target: Any) -> M:
    """The reader's mute of ``target`` in ``mutes`` (theirs), made once and at most ``most``
    of them; inside the caller's transaction. Muting twice changes nothing."""
    # The reader's row, locked: two mutes sent at once can't both pass the ceiling.
    User.objects.select_for_update().filter(pk=user.pk).exists()
    if existing := mutes.filter(**target).first():
        return existing
    if mutes.count() >= most:
        raise ValidationError(
            f"You have muted {most} {what}, the most there can be: unmute some before muting more."
        )
    return mutes.model._default_manager.create(user=user, **target)


@transaction.atomic
def creator_mute(*, user: User, muted: User) -> CreatorMute:
    """Hide ``muted``'s named works from ``user``'s listings. Muting twice changes nothing."""
    if muted.pk == user.pk:
        raise ValidationError("You can't mute yourself.")
    mutes = CreatorMute.objects.filter(user=user)
    return mute_once(user=user, mutes=mutes, what="creators", most=CREATOR_MUTES_MAX, muted=muted)


@transaction.atomic
def creator_unmute(*, user: User, muted: User) -> bool:
    """Show ``muted``'s works again; False when they were not muted."""
    deleted, _ = CreatorMute.objects.filter(user=user, muted=muted).delete()
    return deleted > 0


@transaction.atomic
def block_add(*, user: User, blocked: User) -> None:
    """Block a user (again: nothing changes). Blocking oneself is refused."""
    if user.pk == blocked.pk:
        raise ValidationError("You can't block yourself.")
    Block.objects.get_or_create(user=user, blocked=blocked)


@transaction.atomic
def block_remove(*, user: User, blocked: User) -> None:
    Block.objects.filter(user=user, blocked=blocked).delete()


def blocked_by_any(*, user_ids: set[int], reader: User) -> bool:
    """Whether any of these users (a work's creators) has blocked the reader."""
    return Block.objects.filter(user_id__in=user_ids, blocked=reader).exists()
