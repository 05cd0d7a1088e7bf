"""The parts of a work that are not text: images for art and picspams, a vid's file and
duration, a fanmix's track list. Each upload is checked by what its bytes are, within the
size limits the settings give (``ART_MAX_BYTES``, ``VID_MAX_BYTES``). Images are measured from
their headers and refused over the pixel limits (``IMAGE_MAX_PIXELS`` per image,
``UPLOAD_MAX_PIXELS`` per form) before Pillow decodes them; vids must open as the container
their name says. The service then stores both without their metadata (``lib.images``,
``lib.videos``)."""

import re
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from ficfest.lib.forms import each_checked
from ficfest.lib.images import ImageRefused, image_measure, megapixels
from ficfest.lib.videos import VideoRefused, video_probe
from ficfest.works.models import FanmixTrack, WorkImage
from ficfest.works.services import Track

MAX_IMAGES = 50
MAX_TRACKS = 200

# Formats every browser shows, by what Pillow reads in the file (not by its name).
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}

# Video formats an HTML5 <video> plays, by extension, with the bytes their files start with.
VIDEO_SIGNATURES = {"mp4": (4, b"ftyp"), "webm": (0, b"\x1a\x45\xdf\xa3"), "ogv": (0, b"OggS")}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


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
    if error := _size_error(upload, settings.ART_MAX_BYTES):
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


def images_help() -> str:
    return (
        f"Art and picspams: PNG, JPEG, GIF or WebP files, up to {MAX_IMAGES}, each at most "
        f"{filesizeformat(settings.ART_MAX_BYTES)}. Choose several at once; they are shown in "
        "the order of their names."
    )


def video_help() -> str:
    return f"MP4, WebM or Ogg (.ogv), at most {filesizeformat(settings.VID_MAX_BYTES)}."


def video_check(upload: UploadedFile) -> UploadedFile:
    if error := _size_error(upload, settings.VID_MAX_BYTES):
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


_DURATION = re.compile(r"^(?:(?:(?P<h>\d+):)?(?P<m>\d+):)?(?P<s>\d+)$")


def duration_parse(text: str) -> int:
    """“1:05”, “1:02:03” or “65” -> seconds."""
    match = _DURATION.match(text.strip())
    if not match:
        raise ValidationError("Give the duration as minutes:seconds (like 1:05) or in seconds.")
    hours, minutes, seconds = (int(match[part] or 0) for part in ("h", "m", "s"))
    if (match["m"] is not None and seconds >= 60) or (match["h"] is not None and minutes >= 60):
        raise ValidationError("Minutes and seconds after a colon go up to 59.")
    total = hours * 3600 + minutes * 60 + seconds
    if not 0 < total <= 24 * 3600:
        raise ValidationError("A vid runs for more than 0 seconds and at most 24 hours.")
    return total


def duration_format(seconds: int | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


# “Artist - Title”, with a hyphen, en or em dash between spaces; a leading “1. ” is allowed.
_TRACK = re.compile(r"^(?:\d{1,3}[.)]\s+)?(?P<artist>.+?)\s+[-–—]\s+(?P<title>.+)$")

_TRACK_FIELD_MAX = FanmixTrack._meta.get_field("title").max_length or 200


def tracks_parse(text: str) -> list[Track]:
    """One track per line; blank lines are skipped; errors name the line."""
    tracks, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _TRACK.match(line)
        if not match:
            errors.append(f"Line {number} (“{line[:80]}”) is not “Artist - Title”.")
        elif max(len(match["artist"]), len(match["title"])) > _TRACK_FIELD_MAX:
            errors.append(f"Line {number}: an artist or title can have at most "
                          f"{_TRACK_FIELD_MAX} characters.")  # fmt: skip
        else:
            tracks.append(Track(artist=match["artist"].strip(), title=match["title"].strip()))
    if errors:
        raise ValidationError(errors)
    if len(tracks) > MAX_TRACKS:
        raise ValidationError(f"A fanmix can list at most {MAX_TRACKS} tracks.")
    return tracks


_ALT_TEXT_MAX = WorkImage._meta.get_field("alt_text").max_length or 500


def descriptions_parse(text: str) -> list[tuple[str, str]]:
    """One line per image: the alt text, then optionally “|” and a caption."""
    described, errors = [], []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        alt, _, caption = (part.strip() for part in line.partition("|"))
        if not alt:
            errors.append(f"Image {number} needs alt text before the “|”.")
        elif max(len(alt), len(caption)) > _ALT_TEXT_MAX:
            errors.append(f"Image {number}: alt text and caption can have at most "
                          f"{_ALT_TEXT_MAX} characters each.")  # fmt: skip
        described.append((alt, caption))
    if errors:
        raise ValidationError(errors)
    return described
