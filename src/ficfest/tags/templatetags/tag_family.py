"""``{% tag_family tag user %}``: a tag's synonyms, parents and children, on any page that shows
a tag, without the page's view having to fetch them."""

from typing import Any

from django import template

from ficfest.accounts.auth import AnyUser
from ficfest.tags.models import Tag
from ficfest.tags.permissions import can_wrangle
from ficfest.tags.selectors import tag_family as family_of

register = template.Library()


@register.inclusion_tag("tags/_tag_family.html")
def tag_family(tag: Tag, user: AnyUser) -> dict[str, Any]:
    return {"tag": tag, "family": family_of(tag), "wrangler": can_wrangle(user)}
