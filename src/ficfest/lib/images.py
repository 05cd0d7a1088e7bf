"""Uploaded images, measured before they are decoded and re-encoded from their pixels alone.

EXIF, XMP, IPTC, PNG text chunks, GIF comments and application blocks often carry an artist's
name, their software's user name or where a photo was taken: on an anonymous challenge's art
that would unmask the creator. Rather than strip the blocks we know of (a format always has one
more), every image is written anew from its pixels with only what displays it: size, frames and
their timing, transparency and the colour profile; a rotation tag is applied to the pixels.

Decoding is what costs: a 7000×7000 PNG takes a quarter of a gigabyte of memory. Sizes are
read from the file's header first, and images over the limits are refused before any decoding.
"""

import warnings
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin

# Per-frame details Pillow needs to write an animation back as it was.
_FRAME_KEYS = ("duration", "disposal", "blend")


class ImageRefused(ValueError):
    """The upload is not an image we accept; the message says why, for the uploader."""


@dataclass(frozen=True)
class ImageSize:
    format: str
    width: int
    height: int
    frames: int

    @property
    def pixels(self) -> int:
        """Pixels decoded to show it: every frame of an animation counts."""
        return self.width * self.height * self.frames


def megapixels(pixels: int) -> str:
    """40000000 -> “40”, 1500000 -> “1.5”."""
    return f"{round(pixels / 1_000_000, 1):g}"


def image_measure(source: IO[bytes], *, max_pixels: int) -> ImageSize:
    """Format, size and frame count from the file's header (no pixel is decoded); ImageRefused
    when it is not an image or decodes to more than ``max_pixels``."""
    source.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns past its limit (ours) and we refuse just below, with the size.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                size = ImageSize(image.format or "", *image.size, getattr(image, "n_frames", 1))
    except Image.DecompressionBombError:
        # Pillow's own limit (twice ours, set in settings) stops it before we can measure it.
        limit = megapixels(2 * max_pixels)
        raise ImageRefused(f"is over {limit} megapixels; {_too_large(max_pixels)}") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise ImageRefused("is not an image we can read") from error
    finally:
        source.seek(0)
    if size.pixels > max_pixels:
        shape = f"{size.width}×{size.height} pixels" + (
            f" in {size.frames} frames" if size.frames > 1 else ""
        )
        raise ImageRefused(f"is {shape}; {_too_large(max_pixels)}")
    return size


def _too_large(max_pixels: int) -> str:
    return f"the archive accepts images of up to {megapixels(max_pixels)} megapixels"


def _frames(image: Image.Image) -> tuple[list[Image.Image], dict[str, list[Any]]]:
    """Each frame as a bare copy (no metadata), with its timing."""
    frames: list[Image.Image] = []
    timing: dict[str, list[Any]] = {key: [] for key in _FRAME_KEYS}
    for frame in ImageSequence.Iterator(image):
        frame.load()  # some formats (WebP) read a frame's timing only with its pixels
        for key in _FRAME_KEYS:
            timing[key].append(frame.info.get(key, 0))
        copy = frame.copy()
        copy.info = {}
        frames.append(copy)
    return frames, {key: values for key, values in timing.items() if any(values)}


def _still(image: Image.Image) -> Image.Image:
    turned = ImageOps.exif_transpose(image)
    bare = turned.copy() if turned is image else turned
    bare.info = {}
    return bare


def _options(image: Image.Image, fmt: str) -> dict[str, Any]:
    """What the format needs to show the picture as it was, and nothing else."""
    info = image.info
    options: dict[str, Any] = {"icc_profile": info.get("icc_profile") or None}
    if "transparency" in info and fmt in {"PNG", "GIF"}:
        options["transparency"] = info["transparency"]
    if fmt == "GIF":
        # Pillow copies each frame's comment into the file unless one is given.
        options.update(comment=b"", loop=info.get("loop"), background=info.get("background", 0))
    if fmt == "JPEG":
        assert isinstance(image, JpegImagePlugin.JpegImageFile)
        # The original's quantisation and subsampling: a second generation that loses
        # as little as a re-encode can.
        options.update(qtables=image.quantization, subsampling=_sampling(image))
    if fmt == "WEBP":
        lossless = info.get("lossless", False)
        options.update(lossless=lossless, quality=100 if lossless else 95, loop=info.get("loop"))
    return {key: value for key, value in options.items() if value is not None}


def _sampling(image: JpegImagePlugin.JpegImageFile) -> int | None:
    sampling = JpegImagePlugin.get_sampling(image)
    return None if sampling == -1 else sampling


def without_metadata(upload: File) -> File:
    """A copy of the image (PNG, JPEG, GIF, WebP, animated or not) written from its pixels,
    in the format it came in; ImageRefused when its pixels cannot be decoded."""
    upload.seek(0)
    try:
        return ContentFile(_rewritten(upload), name=upload.name)
    except (OSError, ValueError, SyntaxError) as error:
        raise ImageRefused("could not be decoded") from error


def _rewritten(upload: File) -> bytes:
    with Image.open(upload) as image:
        fmt = image.format or "PNG"
        options = _options(image, fmt)
        out = BytesIO()
        if getattr(image, "n_frames", 1) > 1:
            frames, timing = _frames(image)
            frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:],
                           **timing, **options)  # fmt: skip
        else:
            _still(image).save(out, format=fmt, **options)
    return out.getvalue()
