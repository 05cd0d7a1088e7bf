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
from django.core.files.storage import default_storage
from django.utils import timezone

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
        name = default_storage.save(f"{STAGING}/{token}/{number:03d}", upload)
        filename = PurePath(upload.name or "upload").name
        staged.append(StagedFile(name=name, filename=filename, size=upload.size or 0))
    return token, staged


def staging_read(token: str, staged: StagedFile) -> bytes:
    if not _TOKEN.match(token) or not staged.name.startswith(f"{STAGING}/{token}/"):
        raise ValueError("not a file of this staged batch")
    with default_storage.open(staged.name, "rb") as file:
        data: bytes = file.read()
    return data


def staging_delete(token: str) -> None:
    if not _TOKEN.match(token):
        return
    folder = f"{STAGING}/{token}"
    try:
        _dirs, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    _remove_empty_folder(folder)


def staging_clear_stale(now: datetime | None = None) -> None:
    """Delete staged batches older than a day: previews that were never confirmed."""
    cutoff = (now or timezone.now()) - STAGING_MAX_AGE
    try:
        tokens, _names = default_storage.listdir(STAGING)
    except FileNotFoundError:
        return
    for token in tokens:
        folder = f"{STAGING}/{token}"
        names = default_storage.listdir(folder)[1]
        times = [default_storage.get_modified_time(f"{folder}/{name}") for name in names]
        if not times or max(times) < cutoff:
            staging_delete(token)
            _remove_empty_folder(folder)


def _remove_empty_folder(folder: str) -> None:
    # Object stores have no folders; on a file system the emptied one is removed too.
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(folder))
