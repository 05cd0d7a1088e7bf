from django.db.models import Count, Q, QuerySet

from ficfest.accounts.auth import AnyUser
from ficfest.tags.models import Tag, TagType
from ficfest.works.models import Work


def fandoms_with_counts(user: AnyUser) -> QuerySet[Tag]:
    """Fandoms that have works this reader may see, each with the count of those works."""
    listed = Work.objects.visible_to(user).published().values("pk")
    return (
        Tag.objects.of_type(TagType.FANDOM)
        .annotate(work_count=Count("works", filter=Q(works__in=listed)))
        .filter(work_count__gt=0)
        .order_by("name")
    )


def index_letter(name: str) -> str:
    first = name[:1].upper()
    if first.isascii() and first.isalpha():
        return first
    return "#" if not first.isalpha() else first
