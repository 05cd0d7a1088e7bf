"""Images and vids with a creator's name planted in every place their formats keep metadata,
as cameras, editors and vid software write it."""

import struct
import zlib
from io import BytesIO

import av
from PIL import Image, PngImagePlugin

NAME = "serenitysky"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{NAME}</dc:creator>'
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
).encode()
SIZE = (30, 20)


def names_in(data: bytes) -> bool:
    """The name in any encoding metadata uses (EXIF's XPAuthor is UTF-16)."""
    lowered = data.lower()
    return any(NAME.encode(codec) in lowered for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = NAME  # Artist
    exif[0x8298] = NAME  # Copyright
    exif[0x9C9D] = NAME.encode("utf-16-le") + b"\0\0"  # XPAuthor, as Windows writes it
    return exif


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png() -> bytes:
    """Text chunks under many keys, iTXt, XMP, eXIf, a private chunk and bytes after IEND."""
    info = PngImagePlugin.PngInfo()
    for key in ("Artist", "Author", "Comment", "Description", "Creator Handle"):
        info.add_text(key, NAME)
    info.add_itxt("Title", NAME)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = BytesIO()
    Image.new("RGBA", SIZE, (200, 10, 10, 255)).save(out, "PNG", pnginfo=info, exif=_exif())
    data = out.getvalue()
    end = data.rindex(b"IEND") - 4
    return data[:end] + _png_chunk(b"prVt", NAME.encode()) + data[end:] + NAME.encode()


def png_text(key: str = "Artist") -> bytes:
    """One text chunk, under a key a stripper that lists keys may not know."""
    info = PngImagePlugin.PngInfo()
    info.add_text(key, NAME)
    out = BytesIO()
    Image.new("RGB", SIZE, "navy").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _iptc() -> bytes:
    """An APP13 segment holding an IPTC By-line (2:80), as Photoshop writes it."""
    byline = b"\x1c\x02\x50" + struct.pack(">H", len(NAME)) + NAME.encode()
    body = b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(byline)) + byline
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def jpeg(orientation: int = 1) -> bytes:
    """EXIF, XMP, a comment, IPTC and bytes after the end of the image."""
    exif = _exif()
    exif[0x0112] = orientation
    out = BytesIO()
    Image.new("RGB", SIZE, "crimson").save(out, "JPEG", exif=exif, comment=NAME, xmp=XMP)
    data = out.getvalue()
    return data[:2] + _iptc() + data[2:] + NAME.encode()


def _gif_extension(identifier: bytes, payload: bytes) -> bytes:
    blocks = b"".join(
        bytes([len(payload[i : i + 255])]) + payload[i : i + 255]
        for i in range(0, len(payload), 255)
    )
    return b"\x21\xff\x0b" + identifier + blocks + b"\x00"


def gif() -> bytes:
    """An animation of three frames with a comment, an XMP block and bytes after the end."""
    frames = [Image.new("P", SIZE, i) for i in range(3)]
    for frame in frames:
        frame.putpalette([c for i in range(256) for c in (i, 255 - i, 50)])
    out = BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:],
                   duration=[100, 200, 300], loop=0, comment=NAME)  # fmt: skip
    data = out.getvalue()
    after_palette = 13 + 3 * 256
    xmp = _gif_extension(b"XMP DataXMP", XMP)
    return data[:after_palette] + xmp + data[after_palette:] + NAME.encode()


def webp(animated: bool = False) -> bytes:
    """EXIF and XMP chunks, in a still or an animated WebP."""
    out = BytesIO()
    frames = [Image.new("RGB", SIZE, color) for color in ("teal", "gold")]
    if animated:
        frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:],
                       duration=[100, 250], loop=0, exif=_exif(), xmp=XMP)  # fmt: skip
    else:
        frames[0].save(out, "WEBP", exif=_exif(), xmp=XMP)
    return out.getvalue()


IMAGES = {
    "png": png, "artist.png": png_text, "jpg": jpeg, "gif": gif, "webp": webp,
    "animated.webp": lambda: webp(True),
}  # fmt: skip

# Extension -> (muxer, video codec) for a vid every browser plays.
VIDS = {"mp4": ("mp4", "libx264"), "webm": ("webm", "libvpx"), "ogv": ("ogg", "libvpx")}


def vid(extension: str, frames: int = 5) -> bytes:
    """A few frames with the name in the container's and the stream's tags."""
    muxer, codec = VIDS[extension]
    out = BytesIO()
    with av.open(out, "w", format=muxer) as container:
        container.metadata.update(artist=NAME, author=NAME, comment=NAME, title=NAME)
        stream = container.add_stream(codec, rate=10)
        stream.width, stream.height, stream.pix_fmt = *SIZE, "yuv420p"
        stream.metadata.update(handler_name=NAME, title=NAME)
        for i in range(frames):
            picture = av.VideoFrame.from_image(Image.new("RGB", SIZE, (i * 40, 0, 0)))
            container.mux(stream.encode(picture))
        container.mux(stream.encode())
    return out.getvalue()


def vid_shape(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of frames that decode."""
    with av.open(BytesIO(data)) as container:
        stream = container.streams.video[0]
        count = sum(1 for _ in container.decode(stream))
        return stream.codec_context.width, stream.codec_context.height, count
