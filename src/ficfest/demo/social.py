"""The demo's conversation: a comment on the seed fill waiting in its creator's inbox, kudos
from readers and a guest, and on this year's ficathon gift a reader's comment answered by its
still-anonymous creator (shown as "Anonymous creator")."""

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User
from ficfest.social.comments import comment_create
from ficfest.social.kudos import kudos_give
from ficfest.social.models import Comment
from ficfest.social.places import work_place
from ficfest.works.models import Work

GIFT_TITLE = "Tea for the Watcher"


def _comment(work: Work, user: AnyUser, body: str, parent: Comment | None = None) -> Comment:
    read = Work.objects.visible_to(user).for_blurbs().get(pk=work.pk)
    return comment_create(place=work_place(read, user), user=user, body=body, parent=parent)


def social_load(users: dict[str, User], seed: Work) -> None:
    if Comment.objects.filter(work=seed).exists():
        return  # loaded before
    _comment(seed, users["willowtree"], "The last line undid me. “Down here she can just be.”")
    for name in ("willowtree", "ripperfan", "serenitysky"):
        kudos_give(place=work_place(seed, users[name]), user=users[name], address="")
    kudos_give(place=work_place(seed, users["mod"]), user=users["mod"], address="")
    gift = Work.objects.filter(title=GIFT_TITLE).first()
    if gift is None:
        return
    question = _comment(
        gift, users["ripperfan"], "Giles hiding the good tea is so him. Who wrote this?"
    )
    creator = gift.poster
    _comment(gift, creator, "Thank you! You'll know at the reveal.", parent=question)
