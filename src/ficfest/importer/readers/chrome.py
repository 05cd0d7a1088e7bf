"""What a saved journal or archive page adds around a story, told apart from the story.

- ``is_chrome``: a site's lines around the story: an LJ/DW post's "currents" (mood, music,
  location, tags), crosspost footers ("This entry was originally posted at …"), comment
  counts and links, an archive's footer ("This story archived at …", "Please post a
  comment on this story.") and its "Main fanfic page" links;
- ``strip_chrome``: a story's blocks without the chrome at their start and end (currents
  anywhere in the opening);
- ``poster``: who posted an LJ/DW entry (the journal, or the poster of a community entry);
- ``clean_subject``: a post's subject without its fandom/form prefix and its pairing/rating
  suffix ("SN Fic: The Journal" -> "The Journal", "Idol RPF: Extra Credit (Adam/Kris)" ->
  "Extra Credit").
"""

import re

from ficfest.importer.document import Block

_CURRENTS = re.compile(
    r"^(?:my |current )?(?:location|mood|music|tags|listening to|reading|watching|playing)"
    r"\s*:",
    re.I,
)
_FOOTER = re.compile(
    r"(?:originally posted at|also posted at|cross-?posted (?:from|to|at)|mirrored from"
    r"|comment count unavailable|please comment (?:there|here)|this story archived at"
    r"|^\d+ comments?$|^(?:post|leave|add|read)(?: a| posted)? comments?\b"
    r"|^please (?:post|leave) a comment|^main (?:fanfic |fic |fiction )?page$"
    r"|^back to (?:the )?(?:top|index|fic|fanfic|stories|main)\b|^https?://\S+$)",
    re.I,
)
# How far into a post its currents can be.
_OPENING = 12

_POSTER = re.compile(r"\bentry-wrapper\b[^\"']*\bposter-(?P<name>[\w-]{1,40})\b")
_LJ_USER = re.compile(r"\blj:user\s*=\s*[\"'](?P<name>[\w-]{1,40})[\"']")

_BRACKET_TAGS = re.compile(r"^\s*(?:[\[(][^\])]{1,30}[\])]\s*)+(?=\S)")
_FORM = (
    r"(?:fic|fics|ficlet|drabble|double drabble|triple drabble|drabbles|fanfic|fanfiction"
    r"|story|fill|rpf|rps|poem|one-?shot)"
)
_PREFIX = re.compile(rf"^\s*(?:[^:]{{0,40}}?\b)?{_FORM}\s*[:\-–—]\s+(?=\S)", re.I)
_SUFFIX = re.compile(r"\s*[(\[][^()\[\]]*[,/][^()\[\]]*[)\]]\s*$")
# "Title; Pairing; Rating" subjects: the title is the first part.
_PARTS = re.compile(r"\s*;\s*")


def is_chrome(block: Block) -> bool:
    text = block.text.strip()
    return bool(text) and len(text) < 300 and bool(_FOOTER.search(text))


def strip_chrome(blocks: list[Block]) -> list[Block]:
    start, end = 0, len(blocks)
    while start < end and _dropped(blocks[start]):
        start += 1
    while end > start and _dropped(blocks[end - 1]):
        end -= 1
    kept = blocks[start:end]
    opening = [b for b in kept[:_OPENING] if not _CURRENTS.match(b.text.strip())]
    return opening + kept[_OPENING:]


def _dropped(block: Block) -> bool:
    if not block.text.strip():  # an empty paragraph goes; a picture stays
        return "<img" not in (block.html or "")
    return is_chrome(block)


def poster(page: str, entry_at: int) -> str:
    """The journal or poster of the entry that starts at ``entry_at`` in the page."""
    match = _POSTER.search(page, 0, entry_at)
    if match:
        return match.group("name")
    names = _LJ_USER.findall(page, 0, entry_at)
    return names[-1] if names else ""


def clean_subject(subject: str) -> str:
    """'Fic: Eventide (Spike/Buffy, PG)' -> 'Eventide'."""
    text = _BRACKET_TAGS.sub("", subject)
    text = _PREFIX.sub("", text, count=1)
    if ";" in text:
        text = _PARTS.split(text, maxsplit=1)[0]
    stripped = _SUFFIX.sub("", text)
    return (stripped or text or subject).strip()
