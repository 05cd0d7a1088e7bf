"""Uploaded images without the metadata cameras and editors write into them.

EXIF, XMP and text chunks often carry an artist's name, their software's user name or where a
photo was taken: on an anonymous challenge's art that would unmask the creator, and on any art
it tells more than the artist chose to post. An image that carries none is stored untouched.
"""

from io import BytesIO

from django.core.files import File
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

_REVEALING = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Author", "Description",
              "Copyright", "Software", "Comment", "Title")  # fmt: skip


def _revealing(image: Image.Image) -> bool:
    return any(key in image.info for key in _REVEALING) or bool(image.getexif())


def without_metadata(upload: File) -> File:
    """The upload itself when it carries no metadata, else a copy without it (JPEG, PNG, WebP;
    other formats are kept as given). A JPEG's rotation tag is applied to the pixels first, so
    the picture still stands the right way up."""
    upload.seek(0)
    with Image.open(upload) as image:
        if image.format not in {"JPEG", "PNG", "WEBP"} or not _revealing(image):
            upload.seek(0)
            return upload
        cleaned, fmt = ImageOps.exif_transpose(image), image.format
        icc = image.info.get("icc_profile")
        out = BytesIO()
        options: dict[str, object] = {"icc_profile": icc} if icc else {}
        if fmt == "JPEG":
            options.update(quality=95, subsampling=0)
        if fmt == "WEBP":
            options.update(lossless=image.info.get("lossless", False), quality=95)
        cleaned.save(out, format=fmt, **options)
    return ContentFile(out.getvalue(), name=upload.name)
