"""What a work answers, on its page: “Fill for the <community> prompt: <prompt>”."""

from typing import Any

from django import template

from ficfest.communities.models import Fill, FillStatus
from ficfest.works.models import Work

register = template.Library()


@register.inclusion_tag("communities/_fill_notes.html", takes_context=True)
def fill_notes(context: dict[str, Any], work: Work) -> dict[str, Any]:
    """Approved fills for everyone; a work's creators also see those waiting for moderators.
    Nothing here names a creator, so it is safe on anonymous works."""
    is_creator = bool(context.get("is_creator"))
    statuses = [FillStatus.APPROVED, FillStatus.PENDING] if is_creator else [FillStatus.APPROVED]
    fills = (
        Fill.objects.filter(work=work, status__in=statuses)
        .select_related("challenge__community", "period")
        .prefetch_related("prompts__period__challenge__community")
        .order_by("created_at", "pk")
    )
    return {"work": work, "fills": list(fills), "is_creator": is_creator}
