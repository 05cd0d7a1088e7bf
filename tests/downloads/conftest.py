"""Downloads tests keep their built files in a folder of their own, new for each test, and
check EPUBs with the standard checker."""

import os
import shutil
import subprocess
import zipfile
from io import BytesIO

import pytest
from django.core.files.storage import storages

# Debian's package installs the checker as an executable jar, which needs Java to start it.
EPUBCHECK = shutil.which("epubcheck")
JAVA = shutil.which("java")


@pytest.fixture(autouse=True)
def _downloads_folder(tmp_path, monkeypatch):
    storage = storages["downloads"]
    monkeypatch.setattr(storage, "_location", str(tmp_path / "downloads"))
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
    yield
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


def epubcheck_errors(data: bytes, tmp_path) -> str:
    """epubcheck's report of errors ("" when none). In CI the checker must be there: a
    check that quietly skips would pass any file."""
    if EPUBCHECK is None or JAVA is None:
        if os.environ.get("CI"):
            pytest.fail("epubcheck (and Java) are not installed: .ci/run installs them")
        pytest.skip("epubcheck is not installed here")
    path = tmp_path / "book.epub"
    path.write_bytes(data)
    command = [JAVA, "-jar", EPUBCHECK, str(path)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if run.returncode == 0:
        return ""
    return run.stdout + run.stderr


def epub_texts(data: bytes) -> dict[str, str]:
    """Every file inside an EPUB, as text (images as their bytes read as latin-1)."""
    with zipfile.ZipFile(BytesIO(data)) as book:
        return {name: book.read(name).decode("utf-8", "replace") for name in book.namelist()}
