from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ficfest.tags.models import Tag
from ficfest.tags.selectors import fandoms_with_counts, index_letter
from ficfest.works.selectors import listing_page, works_listed_for


def tag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    page = listing_page(works_listed_for(request.user).filter(tags=tag), request.GET.get("page"))
    return render(request, "tags/tag.html", {"tag": tag, "page": page, "works": page.object_list})


def fandom_index(request: HttpRequest) -> HttpResponse:
    fandoms = sorted(
        fandoms_with_counts(request.user),
        key=lambda tag: (index_letter(tag.name), tag.name.lower()),
    )
    letters = [(letter, list(group)) for letter, group in
               groupby(fandoms, key=lambda tag: index_letter(tag.name))]  # fmt: skip
    return render(request, "tags/fandom_index.html", {"letters": letters})
