"""A storage for files the site must never serve from its own origin: imported originals and
uploads waiting for their preview's confirmation. They are whatever someone uploaded (an HTML
page with scripts, say), so they live outside MEDIA_ROOT and reach people only through views
that check ownership and send them as attachments."""

from functools import cached_property
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse


class PrivateStorage(FileSystemStorage):
    """Files under ORIGINALS_ROOT, with no URL at all: a template or admin widget that tries
    to link one fails loudly instead of pointing at a path a web server might serve."""

    @cached_property
    def base_location(self) -> str:
        location = getattr(self, "_location", None)  # set by the parent's __init__
        return str(self._value_or_setting(location, settings.ORIGINALS_ROOT))

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: serve them through a view that checks access.")

    def _clear_cached_properties(self, setting: str, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)  # type: ignore[arg-type]
        if setting == "ORIGINALS_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


def originals_storage() -> Storage:
    """The storage of imported originals (a callable, so migrations name it, not a path)."""
    return storages["originals"]


def private_file_response(file: IO[bytes], *, filename: str) -> FileResponse:
    """A stored upload sent so no browser runs or renders it on the site's origin: always a
    download, of no declared type, and sandboxed should anything still open it."""
    response = FileResponse(
        file, as_attachment=True, filename=filename, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
