"""Staging: uploaded files kept between the web preview and its confirmation."""

import contextlib
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath

from django.core.files import File
from django.utils import timezone

from ficfest.lib.storage import originals_storage

STAGING = "import-staging"

STAGING_MAX_AGE = timedelta(days=1)

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class StagedFile:
    name: str  # in storage
    filename: str  # as uploaded
    size: int


def staging_save(files: Iterable[File]) -> tuple[str, list[StagedFile]]:
    """Keep uploaded files under a fresh random token (streamed to storage, not held in
    memory); old batches nobody confirmed are cleared on the way. The token goes in the
    uploader's session, never trusted from a form."""
    staging_clear_stale()
    token = secrets.token_hex(16)
    staged = []
    for number, upload in enumerate(files):
        name = originals_storage().save(f"{STAGING}/{token}/{number:03d}", upload)
        filename = PurePath(upload.name or "upload").name
        staged.append(StagedFile(name=name, filename=filename, size=upload.size or 0))
    return token, staged


def staging_read(token: str, staged: StagedFile) -> bytes:
    if not _TOKEN.match(token) or not staged.name.startswith(f"{STAGING}/{token}/"):
        raise ValueError("not a file of this staged batch")
    with originals_storage().open(staged.name, "rb") as file:
        data: bytes = file.read()
    return data


def staging_delete(token: str) -> None:
    if not _TOKEN.match(token):
        return
    folder = f"{STAGING}/{token}"
    for name in _listed(folder)[1]:
        # Another request may be clearing the same batch: a file already gone is fine.
        with contextlib.suppress(FileNotFoundError):
            originals_storage().delete(f"{folder}/{name}")
    _remove_empty_folder(folder)


def staging_clear_stale(now: datetime | None = None) -> None:
    """Delete staged batches older than a day: previews that were never confirmed.

    Many uploads run at once: a batch is stale only when its folder and every file in it are
    older than the cutoff (a folder just made for a batch still being saved is fresh), and a
    folder or file that another request removed meanwhile is simply skipped."""
    cutoff = (now or timezone.now()) - STAGING_MAX_AGE
    for token in _listed(STAGING)[0]:
        if _TOKEN.match(token) and _last_touched(f"{STAGING}/{token}") < cutoff:
            staging_delete(token)


def _listed(folder: str) -> tuple[list[str], list[str]]:
    try:
        return originals_storage().listdir(folder)
    except FileNotFoundError:
        return [], []


def _last_touched(folder: str) -> datetime:
    """The newest modification time of the folder and its files; "now" when it is gone."""
    paths = [folder] + [f"{folder}/{name}" for name in _listed(folder)[1]]
    times = []
    for path in paths:
        with contextlib.suppress(FileNotFoundError, NotImplementedError):
            times.append(originals_storage().get_modified_time(path))
    return max(times, default=timezone.now())


def _remove_empty_folder(folder: str) -> None:
    # Object stores have no folders; on a file system the emptied one is removed too (unless
    # another request is saving into it right now, and then it is not empty).
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(originals_storage().path(folder))
