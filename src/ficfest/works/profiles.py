"""Public profiles: a user's page (each pseud with its newest works) and a pseud's page.

They list works, so they live with the works; the accounts app knows nothing of works."""

from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import CreatorMute, Pseud, User
from ficfest.works import seams
from ficfest.works.listing import listing_for
from ficfest.works.models import Creatorship, Work, WorkQuerySet

# How many of each pseud's newest works the profile shows; the pseud's page has them all.
PROFILE_RECENT = 20


@dataclass
class PseudSection:
    """One pseud on a profile page, with its newest works the viewer may see."""

    pseud: Pseud
    total: int = 0
    works: list[Work] = field(default_factory=list)


def _shown(viewer: AnyUser, muting: bool) -> WorkQuerySet:
    works = Work.objects.visible_to(viewer).published().named_creators()
    return works.unmuted_for(viewer) if muting else works


def _credits(owner: User, viewer: AnyUser, muting: bool) -> QuerySet[Creatorship]:
    listed = _shown(viewer, muting).values("pk")
    return Creatorship.objects.filter(pseud__user=owner, accepted=True, work__in=listed)


def _newest_per_pseud(owner: User, viewer: AnyUser, muting: bool) -> list[tuple[int, int]]:
    """(pseud id, work id) of each pseud's newest works, in a single query for any pseud count."""
    rank = Window(
        RowNumber(),
        partition_by=F("pseud_id"),
        order_by=[F("work__revised_at").desc(), F("work_id").desc()],
    )
    ranked = _credits(owner, viewer, muting).annotate(rank=rank).filter(rank__lte=PROFILE_RECENT)
    return list(ranked.order_by("pseud_id", "rank").values_list("pseud_id", "work_id"))


def _profile_sections(owner: User, viewer: AnyUser, muting: bool = True) -> list[PseudSection]:
    """Each pseud's newest works and its total, both without the viewer's muted works (unless
    ``muting`` is off): the "All N works" link counts what the pseud's page will list. One's
    own profile never hides one's own works."""
    muting = muting and viewer.pk != owner.pk
    sections = {pseud.pk: PseudSection(pseud) for pseud in owner.pseuds.all()}
    totals = _credits(owner, viewer, muting).values("pseud_id").annotate(n=Count("pk"))
    for row in totals:
        sections[row["pseud_id"]].total = row["n"]
    newest = _newest_per_pseud(owner, viewer, muting)
    works = _shown(viewer, muting).for_blurbs().in_bulk([work_id for _, work_id in newest])
    for pseud_id, work_id in newest:
        # A work deleted between the two queries is simply left out.
        if work_id in works:
            sections[pseud_id].works.append(works[work_id])
    return list(sections.values())


def _muted_by(viewer: AnyUser, owner: User) -> bool:
    return (
        isinstance(viewer, User) and CreatorMute.objects.filter(user=viewer, muted=owner).exists()
    )


def user_profile(request: HttpRequest, username: str) -> HttpResponse:
    owner = get_object_or_404(User, username=username)
    muting = request.GET.get("muted") != "show"
    context = {
        "profile": owner,
        "sections": _profile_sections(owner, request.user, muting),
        # Their sections are empty because the reader muted them: say that, not "no works".
        "muted_away": muting and _muted_by(request.user, owner),
        "extras": seams.page_sections(request, "profile", owner),
    }
    return render(request, "accounts/user.html", context)


def works_by_pseud(pseud: Pseud, viewer: AnyUser) -> WorkQuerySet:
    """A pseud's works this viewer may see, without those whose creators are hidden."""
    credited = Creatorship.objects.filter(pseud=pseud, accepted=True).values("work_id")
    return Work.objects.visible_to(viewer).published().named_creators().filter(pk__in=credited)


def works_by_user(owner: User, viewer: AnyUser) -> WorkQuerySet:
    listed = Work.objects.visible_to(viewer).published().named_creators()
    credited = Creatorship.objects.filter(pseud__user=owner, accepted=True).values("work_id")
    return listed.filter(pk__in=credited)


def user_works(request: HttpRequest, username: str) -> HttpResponse:
    owner = get_object_or_404(User, username=username)
    listing = listing_for(request, works_by_user(owner, request.user))
    feed = reverse("user_feed", args=[owner.username])
    context = listing.context(profile=owner, feed_url=feed)
    return render(request, "accounts/user_works.html", context)


def pseud_detail(request: HttpRequest, username: str, pseud_name: str) -> HttpResponse:
    pseud = get_object_or_404(
        Pseud.objects.select_related("user"), user__username=username, name__iexact=pseud_name
    )
    listing = listing_for(request, works_by_pseud(pseud, request.user))
    feed = reverse("pseud_feed", args=[pseud.user.username, pseud.name])
    return render(request, "accounts/pseud.html", listing.context(pseud=pseud, feed_url=feed))
