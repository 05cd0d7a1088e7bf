"""Edits that never lose a word.

A form to change a work or a chapter carries a token of what it was opened on (``base``). If
the saved text changed meanwhile (another tab, a co-creator), the save is not made: the page
shows the saved version beside what the reader typed, which stays in the form, and the form's
token becomes the saved one, so sending it again is a deliberate "keep mine". A new-work form
carries a one-time key instead, so a double click or a resent form posts one work, not two.
"""

import hashlib
import re
import secrets

from django.http import HttpRequest

from ficfest.works.models import Chapter, Work

BASE_FIELD = "base"
SUBMISSION_FIELD = "submission"
_KEY = re.compile(r"^[0-9a-f]{32}$")
_CHAPTER_FIELDS = ("title", "summary", "notes", "end_notes", "text", "text_format")
_WORK_FIELDS = ("title", "summary", "notes", "end_notes", "rating", "language", "complete",
                "restricted", "form", "video_url", "duration_seconds")  # fmt: skip


def _token(values: list[object]) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


def chapter_token(chapter: Chapter) -> str:
    return _token([getattr(chapter, name) for name in _CHAPTER_FIELDS])


def work_token(work: Work) -> str:
    """What the work form edits: its preface and settings, and its tags by name."""
    tags = sorted(work.tags.values_list("type", "name"))
    return _token([*(getattr(work, name) for name in _WORK_FIELDS), tags])


def changed_since_opened(request: HttpRequest, saved_token: str) -> bool:
    """A POST whose form was opened on another version than the saved one. A form without a
    token (opened before tokens existed, or sent by a script) is taken as it comes."""
    base = request.POST.get(BASE_FIELD) if request.method == "POST" else None
    return bool(base) and base != saved_token


def new_submission_key() -> str:
    return secrets.token_hex(16)


def submission_key(request: HttpRequest) -> str:
    """The new-work form's one-time key, or "" when it is missing or not one of ours."""
    key = request.POST.get(SUBMISSION_FIELD, "")
    return key if _KEY.match(key) else ""
