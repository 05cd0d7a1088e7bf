from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from ficfest.lib.images import without_metadata

ARTIST = "Jane Q. Hiddenhand"


def jpeg_with_exif(orientation: int | None = None) -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 20), "crimson")
    exif = Image.Exif()
    exif[0x013B] = ARTIST  # Artist
    if orientation:
        exif[0x0112] = orientation
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("art.jpg", out.getvalue(), content_type="image/jpeg")


def test_it_drops_the_artist_name_from_a_jpeg():
    upload = jpeg_with_exif()
    assert ARTIST.encode() in upload.read()
    cleaned = without_metadata(upload)
    data = cleaned.read()
    assert ARTIST.encode() not in data
    with Image.open(BytesIO(data)) as image:
        assert image.size == (40, 20) and not image.getexif()


def test_it_turns_the_picture_by_its_rotation_tag_before_dropping_it():
    with Image.open(BytesIO(without_metadata(jpeg_with_exif(orientation=6)).read())) as image:
        assert image.size == (20, 40)


def test_it_drops_text_chunks_from_a_png():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", ARTIST)
    out = BytesIO()
    Image.new("RGBA", (8, 8), "blue").save(out, format="PNG", pnginfo=info)
    cleaned = without_metadata(SimpleUploadedFile("a.png", out.getvalue())).read()
    assert ARTIST.encode() not in cleaned
    with Image.open(BytesIO(cleaned)) as image:
        assert image.getpixel((0, 0)) == (0, 0, 255, 255)  # a PNG stays lossless


def test_it_rewrites_even_an_image_without_metadata():
    # Bytes after the end of a PNG are no metadata block, yet they are stored if kept as given.
    out = BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, format="PNG")
    upload = SimpleUploadedFile("a.png", out.getvalue() + ARTIST.encode())
    cleaned = without_metadata(upload).read()
    assert ARTIST.encode() not in cleaned
    with Image.open(BytesIO(cleaned)) as image:
        assert image.size == (8, 8) and image.getpixel((0, 0)) == (0, 128, 0)
