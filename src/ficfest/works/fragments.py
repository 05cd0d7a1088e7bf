"""Rendered fragments that are the same for many readers, cached under keys that name
everything they show.

A blurb is a good part of a listing's time (twenty of them, a dozen tag links each), yet it
shows only a work's own fields, its tags, its credited pseuds (or "Anonymous") and dates in the
reader's zone. Its cache key is a digest of exactly those values, read from the rows the page
loads anyway, plus the reader's time zone, the script prefix and the template's source. So:

- nothing needs invalidating: a renamed tag or pseud, a retagged or edited work, a chapter
  added, a reveal time passed, each changes the key, and the old entry is never read again;
- a blurb whose creators are hidden from this reader is keyed on the hiding itself and on no
  name, so the rendering with names (for a creator, a moderator, or after the reveal) and the
  one without can never be served in each other's place.

What a key must not leave out is therefore what the template reads: add a value to
``_parts`` whenever ``works/_blurb_body.html`` shows something new. The sources of the template
and of what it includes are in the key; Python that renders part of it (the ``required_tags``
tag, ``reader_date``) is not: bump ``VERSION`` when that changes what it prints, or a Redis
cache would go on serving the old renderings for up to ``FRAGMENT_CACHE_SECONDS``.
"""

import hashlib
from collections import defaultdict
from collections.abc import Hashable
from functools import cache
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from ficfest.works.models import BLURB_PREFETCHES, Creatorship, Work

BLURB_TEMPLATE = "works/_blurb_body.html"
VERSION = 1
# Templates a fragment's template includes, whose source is part of its key too.
INCLUDES = {BLURB_TEMPLATE: ("works/_byline.html",)}


def _source_digest(name: str) -> str:
    digest = hashlib.blake2b(digest_size=8)
    for each in (name, *INCLUDES.get(name, ())):
        digest.update(get_template(each).template.source.encode())  # type: ignore[attr-defined]
    return digest.hexdigest()


_cached_source_digest = cache(_source_digest)


def template_digest(name: str) -> str:
    """A template's source, so a deployment that changes it never reads the old renderings
    (in DEBUG, an edit shows at once)."""
    return _source_digest(name) if settings.DEBUG else _cached_source_digest(name)


Parts = tuple[Hashable, ...]
TagRow = tuple[int, str, str]  # pk, type, name, in name order
CreatorRow = tuple[int, str, str]  # pseud pk, pseud name, username, in creatorship order


def _parts(work: Work, tags: list[TagRow], creators: list[CreatorRow]) -> Parts:
    hidden = work.creators_are_hidden
    return (
        work.pk, work.title, work.summary, work.rating, work.language, work.complete,
        work.restricted, work.status, work.is_scheduled, work.published_at, work.revised_at,
        work.word_count, work.chapter_count, hidden, () if hidden else tuple(creators),
        tuple(tags), work.kudos_count, work.comment_count, work.bookmark_count,
    )  # fmt: skip


def blurb_parts(work: Work) -> Parts:
    """Every value ``works/_blurb_body.html`` shows, from the rows ``for_blurbs`` loads."""
    tags = [(tag.pk, tag.type, tag.name) for tag in work.tags.all()]
    creators = [(p.pk, p.name, p.user.username) for p in work.credited_pseuds()]
    return _parts(work, tags, creators)


def fragment_key(template_name: str, parts: Parts) -> str:
    """The cache key of a rendering of ``template_name`` that shows ``parts``."""
    named = (
        VERSION, template_name, template_digest(template_name), get_script_prefix(),
        timezone.get_current_timezone_name(), parts,
    )  # fmt: skip
    return "frag:" + hashlib.blake2b(repr(named).encode(), digest_size=20).hexdigest()


def render_fragment(template_name: str, context: dict[str, Any], parts: Parts) -> SafeString:
    """The template rendered with ``context``, from the cache when a rendering showing the
    same ``parts`` is there."""
    store = caches["fragments"]
    key = fragment_key(template_name, parts)
    html = store.get(key)
    if html is None:
        html = str(get_template(template_name).render(context))
        store.set(key, html)
    return mark_safe(html)  # our own template's output, escaped as it was rendered


def prepare_blurbs(works: list[Work]) -> None:
    """For ``for_listing``: the same key as ``blurb_parts`` gives, from plain values (no
    model objects); blurbs found in the cache are kept on their works, and the tag and creator
    objects are loaded only for the others, in two queries whatever their number."""
    ids = [work.pk for work in works]
    tags: dict[int, list[TagRow]] = defaultdict(list)
    through = Work.tags.through.objects.filter(work_id__in=ids).order_by("tag__name")
    for work_id, *tag in through.values_list("work_id", "tag_id", "tag__type", "tag__name"):
        tags[work_id].append(tuple(tag))  # type: ignore[arg-type]
    creators: dict[int, list[CreatorRow]] = defaultdict(list)
    credited = Creatorship.objects.filter(work_id__in=ids, accepted=True).order_by("pk")
    rows = credited.values_list("work_id", "pseud_id", "pseud__name", "pseud__user__username")
    for work_id, *creator in rows:
        creators[work_id].append(tuple(creator))  # type: ignore[arg-type]
    keys = {work.pk: fragment_key(BLURB_TEMPLATE, _parts(work, tags[work.pk], creators[work.pk]))
            for work in works}  # fmt: skip
    found = caches["fragments"].get_many(list(keys.values()))
    missing = []
    for work in works:
        work.blurb_key = keys[work.pk]  # type: ignore[attr-defined]
        work.blurb_html = found.get(keys[work.pk])  # type: ignore[attr-defined]
        if work.blurb_html is None:  # type: ignore[attr-defined]
            missing.append(work)
    if missing:
        prefetch_related_objects(missing, *BLURB_PREFETCHES)


def blurb(work: Work) -> SafeString:
    html = getattr(work, "blurb_html", None)
    if html is not None:
        return mark_safe(html)  # found by prepare_blurbs
    key = getattr(work, "blurb_key", None)
    if key is None:
        return render_fragment(BLURB_TEMPLATE, {"work": work}, blurb_parts(work))
    html = str(get_template(BLURB_TEMPLATE).render({"work": work}))
    caches["fragments"].set(key, html)
    return mark_safe(html)
