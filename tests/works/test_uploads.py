"""What an art fill or a vid stores: no name from its metadata, and no image that costs a
worker more than the limits allow."""

import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ficfest.works.models import Work
from tests import media
from tests.works.test_forms_media import form_data, nothing_saved, text_of


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def post_art(client, author, *uploads):
    data = form_data(author, form="art", images=list(uploads),
                     image_descriptions="\n".join("A picture" for _ in uploads))  # fmt: skip
    return client.post("/works/new/", data)


def shape(data):
    with Image.open(BytesIO(data)) as image:
        return image.format, image.size, getattr(image, "n_frames", 1)


@pytest.mark.parametrize("kind", sorted(media.IMAGES))
def test_it_stores_every_image_format_without_the_name_in_its_metadata(author_client, author, kind):
    planted = media.IMAGES[kind]()
    assert media.names_in(planted)
    upload = SimpleUploadedFile(f"by-someone.{kind}", planted)
    assert post_art(author_client, author, upload).status_code == 302
    stored = Work.objects.get().images.get().image.read()
    assert not media.names_in(stored)
    assert shape(stored) == shape(planted)


def test_it_keeps_the_timing_of_an_animated_gif(author_client, author):
    post_art(author_client, author, SimpleUploadedFile("a.gif", media.gif()))
    with Image.open(Work.objects.get().images.get().image) as image:
        durations = []
        for frame in range(image.n_frames):
            image.seek(frame)
            durations.append(image.info["duration"])
    assert durations == [100, 200, 300]


def test_it_turns_a_photo_by_its_rotation_tag_before_dropping_it(author_client, author):
    post_art(author_client, author, SimpleUploadedFile("a.jpg", media.jpeg(orientation=6)))
    stored = Work.objects.get().images.get().image.read()
    assert shape(stored) == ("JPEG", (20, 30), 1)
    assert not media.names_in(stored)


@pytest.mark.parametrize("extension", sorted(media.VIDS))
def test_it_stores_every_vid_format_without_the_name_in_its_tags(author_client, author, extension):
    planted = media.vid(extension)
    assert media.names_in(planted)
    upload = SimpleUploadedFile(f"by-someone.{extension}", planted)
    data = form_data(author, form="vid", video_file=upload, duration="1")
    assert author_client.post("/works/new/", data).status_code == 302
    stored = Work.objects.get().video_file.read()
    assert not media.names_in(stored)
    assert media.vid_shape(stored) == media.vid_shape(planted) == (30, 20, 5)


def test_it_refuses_a_file_that_only_starts_like_a_vid(author_client, author, media_root):
    fake = SimpleUploadedFile("v.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 200)
    data = form_data(author, form="vid", video_file=fake, duration="1")
    page = text_of(author_client.post("/works/new/", data).content.decode())
    assert "“v.mp4” is not a video file we can read." in page
    assert nothing_saved(media_root)


def solid_png(width, height):
    """A PNG of width×height black pixels, a few kilobytes on disk: IHDR and one IDAT of
    zlib-compressed blank rows, written by hand so the test never decodes it."""
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    rows = zlib.compress(bytes(1 + (width + 7) // 8) * height, 9)
    chunks = [media._png_chunk(b"IHDR", header), media._png_chunk(b"IDAT", rows),
              media._png_chunk(b"IEND", b"")]  # fmt: skip
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


@pytest.mark.parametrize(
    ("width", "message"),
    [
        (7000, "“huge.png” is 7000×7000 pixels; the archive accepts images of up to 40 "
               "megapixels."),
        (10000, "“huge.png” is over 80 megapixels; the archive accepts images of up to 40 "
                "megapixels."),
    ],
)  # fmt: skip
def test_it_refuses_an_image_of_too_many_pixels(author_client, author, media_root, width, message):
    data = solid_png(width, width)
    assert len(data) < 100_000
    page = text_of(post_art(author_client, author, SimpleUploadedFile("huge.png", data))
                   .content.decode())  # fmt: skip
    assert message in page
    assert nothing_saved(media_root)


def test_it_refuses_a_post_whose_images_add_up_to_too_many_pixels(
    author_client, author, media_root, settings
):
    settings.UPLOAD_MAX_PIXELS = 4_000_000
    uploads = [SimpleUploadedFile(f"{i}.png", solid_png(1000, 1000)) for i in range(5)]
    page = text_of(post_art(author_client, author, *uploads).content.decode())
    assert ("These images add up to 5 megapixels; one post can have up to 4 megapixels: "
            "post fewer or smaller images.") in page  # fmt: skip
    assert nothing_saved(media_root)


def test_it_counts_every_frame_of_an_animation(author_client, author, media_root, settings):
    settings.IMAGE_MAX_PIXELS = 1000  # 30×20 pixels in 3 frames is 1800
    page = text_of(post_art(author_client, author, SimpleUploadedFile("a.gif", media.gif()))
                   .content.decode())  # fmt: skip
    assert "“a.gif” is 30×20 pixels in 3 frames" in page
    assert nothing_saved(media_root)
