"""What a gift says on its page: “A gift for NAME” (unless the recipient opted out)."""

from typing import Any

from django import template

from ficfest.exchanges.gifts import recipient_of
from ficfest.works.models import Work

register = template.Library()


@register.inclusion_tag("exchanges/_gift_for.html")
def gift_for(work: Work) -> dict[str, Any]:
    """Names the recipient only, never the giver: safe on anonymous works."""
    return {"recipient": recipient_of(work)}
