"""Checks of uploaded images and vids, before anything is stored.

Images are measured from their headers and refused over the pixel limits (settings
``IMAGE_MAX_PIXELS`` per image, ``UPLOAD_MAX_PIXELS`` per form) before Pillow decodes them;
vids must open as the container their name says. The service then stores both without their
metadata (``lib.images``, ``lib.videos``).
"""

import re
from collections.abc import Callable
from pathlib import PurePath
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from ficfest.lib.images import ImageRefused, image_measure, megapixels
from ficfest.lib.videos import VideoRefused, video_probe

# Upload limits; the web server in front must let bodies this large through.
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGES = 50
MAX_VIDEO_BYTES = 200 * 1024 * 1024
# Formats every browser shows, by what Pillow reads in the file (not by its name).
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
# Video formats an HTML5 <video> plays, by extension, with the bytes their files start with.
VIDEO_SIGNATURES = {"mp4": (4, b"ftyp"), "webm": (0, b"\x1a\x45\xdf\xa3"), "ogv": (0, b"OggS")}

Item = TypeVar("Item")
Checked = TypeVar("Checked")


def each_checked(items: list[Item], check: Callable[[Item], Checked]) -> list[Checked]:
    """Check every item and report every problem at once, not only the first."""
    results, errors = [], []
    for item in items:
        try:
            results.append(check(item))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return results


def _size_error(upload: UploadedFile, limit: int) -> ValidationError | None:
    size = upload.size or 0
    if size <= limit:
        return None
    return ValidationError(
        f"“{upload.name}” is {filesizeformat(size)}; files can be at most {filesizeformat(limit)}."
    )


def image_check(upload: UploadedFile) -> tuple[UploadedFile, int]:
    """A real PNG, JPEG, GIF or WebP image within the size limits, measured before it is
    decoded, then read by Pillow; renamed by what it is, whatever its name said. With it, the
    number of pixels it decodes to."""
    if error := _size_error(upload, MAX_IMAGE_BYTES):
        raise error
    name = upload.name
    try:
        size = image_measure(upload, max_pixels=settings.IMAGE_MAX_PIXELS)
    except ImageRefused as refused:
        raise ValidationError(f"“{name}” {refused}.") from None
    image_format = IMAGE_FORMATS.get(size.format)
    if image_format is None:
        raise ValidationError(f"“{name}” is a {size.format} image: upload PNG, JPEG, GIF or "
                              "WebP files.")  # fmt: skip
    try:
        # to_python is Pillow's check of the whole file, without Django's check of its name.
        checked: Any = forms.ImageField().to_python(upload)
    except ValidationError:
        raise ValidationError(
            f"“{name}” is not an image we can read: upload PNG, JPEG, GIF or WebP files."
        ) from None
    checked.name = f"image.{image_format}"
    return checked, size.pixels


def _natural(name: str) -> list[Any]:
    """“img2.png” before “img10.png”."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower())
            for part in re.split(r"(\d+)", name)]  # fmt: skip


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.Field):
    """Several images in one file input, each checked; errors name the file."""

    widget = MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"})

    def clean(self, value: Any) -> list[UploadedFile]:
        uploads = sorted((u for u in (value or []) if u), key=lambda u: _natural(u.name or ""))
        if len(uploads) > MAX_IMAGES:
            raise ValidationError(f"You can upload at most {MAX_IMAGES} images to one work.")
        checked = each_checked(uploads, image_check)
        total, limit = sum(pixels for _, pixels in checked), settings.UPLOAD_MAX_PIXELS
        if total > limit:
            raise ValidationError(
                f"These images add up to {megapixels(total)} megapixels; one post can have up "
                f"to {megapixels(limit)} megapixels: post fewer or smaller images."
            )
        return [upload for upload, _ in checked]


def video_check(upload: UploadedFile) -> UploadedFile:
    if error := _size_error(upload, MAX_VIDEO_BYTES):
        raise error
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in VIDEO_SIGNATURES:
        raise ValidationError(f"“{upload.name}” is not an MP4, WebM or Ogg (.ogv) video file.")
    offset, magic = VIDEO_SIGNATURES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head[offset : offset + len(magic)] != magic:
        raise ValidationError(f"“{upload.name}” is not really a .{extension} video.")
    try:
        video_probe(upload)
    except VideoRefused as refused:
        raise ValidationError(f"“{upload.name}” {refused}.") from None
    return upload
