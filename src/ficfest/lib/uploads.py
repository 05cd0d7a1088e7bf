"""Uploads the framework would drop without a word.

Django's multipart parser silently skips a file whose name it cannot use (``..``, ``.``, a
name of control characters) and answers a bare 400 when a form carries more files than
``DATA_UPLOAD_MAX_NUMBER_FILES``. A person who chose thirty files must hear about every one
that was not read, so this middleware (placed before the CSRF check, which is what first reads
a form) parses uploads with a parser that keeps a list instead: ``request.uploads_dropped``
names each skipped file, and ``request.uploads_over_limit`` says the form carried too many
files (then none of them is kept, and the form's other fields still are).
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import MultiValueDict


class _ReportingParser(MultiPartParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dropped: list[str] = []
        self.over_limit = False

    def sanitize_file_name(self, file_name: str) -> str | None:
        usable: str | None = super().sanitize_file_name(file_name)
        if not usable:
            self.dropped.append(file_name)
        return usable

    def parse(self) -> tuple[QueryDict, MultiValueDict[str, Any]]:
        try:
            post, files = super().parse()
        except TooManyFilesSent:
            self.over_limit = True
            post = getattr(self, "_post", None) or QueryDict(mutable=True)
            post._mutable = False
            return post, MultiValueDict()
        return post, files


def upload_reports(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., Any]:
    def middleware(request: HttpRequest) -> HttpResponse:
        request.uploads_dropped = []  # type: ignore[attr-defined]
        request.uploads_over_limit = False  # type: ignore[attr-defined]

        def parse_file_upload(meta: Any, post_data: Any) -> Any:
            parser = _ReportingParser(meta, post_data, request.upload_handlers, request.encoding)
            result = parser.parse()
            request.uploads_dropped = parser.dropped  # type: ignore[attr-defined]
            request.uploads_over_limit = parser.over_limit  # type: ignore[attr-defined]
            return result

        request.parse_file_upload = parse_file_upload  # type: ignore[method-assign,assignment]
        return get_response(request)

    return middleware


def upload_problems(request: HttpRequest) -> list[str]:
    """What the person should be told about files of this request that were not read."""
    problems = [
        f"“{name}” was not read: the archive can't use that file name. Rename the file and "
        "choose it again."
        for name in getattr(request, "uploads_dropped", [])
    ]
    if getattr(request, "uploads_over_limit", False):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        problems.append(f"The form carried more than {limit} files, so none was read: choose "
                        "fewer files at a time.")  # fmt: skip
    return problems
