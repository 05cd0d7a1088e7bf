"""Works of every form on the posting form: art and picspams (images with alt text), fanmixes
(track lists), vids (a link or a file, with a duration); fic and meta as before."""

import re
from html import unescape
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from ficfest.works import media_fields
from ficfest.works.models import Chapter, FanmixTrack, Form, Work, WorkImage
from tests import media
from tests.factories import default_pseud

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def text_of(html):
    """What a reader sees: no tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def png(name="art.png", size=(8, 6), color="red"):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def form_data(author, **overrides):
    data = {
        "title": "Moonlight",
        "form": "fic",
        "pseud": default_pseud(author).pk,
        "rating": "teen",
        "warnings": ["No Archive Warnings Apply"],
        "fandoms": "Buffy the Vampire Slayer",
        "language": "en",
        "complete": "on",
        "chapter-text": "",
        "chapter-text_format": "plain",
        "action": "post",
    }
    data.update(overrides)
    return data


def nothing_saved(root):
    return (
        Work.objects.count() == 0
        and Chapter.objects.count() == 0
        and WorkImage.objects.count() == 0
        and FanmixTrack.objects.count() == 0
        and stored_files(root) == []
    )


def test_it_posts_art_with_images_in_order_with_alt_text_and_captions(
    author_client, author, client, media_root
):
    data = form_data(
        author, form="art",
        images=[png("page10.png", color="blue"), png("page2.png", color="green")],
        image_descriptions="Buffy on a rooftop, at night | The first panel\n"
        "Spike lighting a cigarette",
    )  # fmt: skip
    response = author_client.post("/works/new/", data)
    assert response.status_code == 302, response.content.decode()
    work = Work.objects.get()
    images = list(work.images.order_by("position"))
    assert work.form == Form.ART and work.size() == ("images", 2)
    # Files go in the order of their names, like the descriptions: page2 before page10.
    assert Image.open(images[0].image.path).getpixel((0, 0)) == (0, 128, 0)
    assert [(i.alt_text, i.caption) for i in images] == [
        ("Buffy on a rooftop, at night", "The first panel"),
        ("Spike lighting a cigarette", ""),
    ]
    page = client.get(response.url).content.decode()
    figures = re.findall(r"<figure>.*?</figure>", page, re.S)
    assert len(figures) == 2
    assert 'alt="Buffy on a rooftop, at night"' in figures[0]
    assert "<figcaption>The first panel</figcaption>" in figures[0]
    assert f'src="/media/{images[0].image.name}"' in figures[0]
    # What the creator called the files never shows: they are stored under random names.
    assert "page2" not in page and "page10" not in page
    assert all(re.fullmatch(r"works/images/\d{4}/\d\d/[0-9a-f]{32}\.png", i.image.name)
               for i in images)  # fmt: skip


def test_it_stores_art_without_the_metadata_that_could_name_its_artist(
    author_client, author, media_root
):
    exif = Image.Exif()
    exif[0x013B] = "Jane Hiddenhand"  # Artist
    buffer = BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")
    data = form_data(author, form="art", images=[upload], image_descriptions="A red square")
    assert author_client.post("/works/new/", data).status_code == 302
    stored = Work.objects.get().images.get().image
    assert b"Jane Hiddenhand" not in stored.read()


def test_it_needs_one_alt_text_line_per_image(author_client, author, media_root):
    data = form_data(author, form="art", images=[png("a.png"), png("b.png")],
                     image_descriptions="Only one description")  # fmt: skip
    page = author_client.post("/works/new/", data).content.decode()
    assert "There are 2 images but 1 description line" in page
    assert nothing_saved(media_root)


def test_it_needs_images_for_art(author_client, author, media_root):
    page = author_client.post("/works/new/", form_data(author, form="picspam")).content.decode()
    assert "Upload at least one image." in page
    assert nothing_saved(media_root)


def test_it_refuses_a_text_file_named_png_and_saves_nothing(author_client, author, media_root):
    fake = SimpleUploadedFile("notes.png", b"just some words, not pixels", "image/png")
    data = form_data(author, form="art", images=[png("real.png"), fake],
                     image_descriptions="A real one\nA fake one")  # fmt: skip
    page = author_client.post("/works/new/", data).content.decode()
    assert "“notes.png” is not an image we can read" in text_of(page)
    assert nothing_saved(media_root)


def test_it_refuses_a_huge_image_naming_the_file_and_the_limit(author_client, author, media_root):
    real = png("huge.png").read()
    huge = SimpleUploadedFile("huge.png", real + b"\0" * 12 * 1024 * 1024, "image/png")
    data = form_data(author, form="art", images=[huge], image_descriptions="Big")
    page = text_of(author_client.post("/works/new/", data).content.decode())
    assert "“huge.png” is 12.0 MB; files can be at most 10.0 MB." in page
    assert nothing_saved(media_root)


def test_it_refuses_an_image_over_the_limit_the_settings_give(
    author_client, author, media_root, settings
):
    settings.ART_MAX_BYTES = 10
    data = form_data(author, form="art", images=[png("small.png")], image_descriptions="Small")
    page = text_of(author_client.post("/works/new/", data).content.decode())
    assert "“small.png” is" in page and "files can be at most 10 bytes." in page
    assert "each at most 10 bytes" in page
    assert nothing_saved(media_root)


def test_it_refuses_more_images_than_the_most(author_client, author, media_root, monkeypatch):
    monkeypatch.setattr(media_fields, "MAX_IMAGES", 2)
    data = form_data(author, form="art", images=[png("1.png"), png("2.png"), png("3.png")],
                     image_descriptions="a\nb\nc")  # fmt: skip
    page = author_client.post("/works/new/", data).content.decode()
    assert "at most 2 images" in page
    assert nothing_saved(media_root)


def test_it_refuses_images_on_a_fic(author_client, author, media_root):
    data = form_data(author, images=[png()], **{"chapter-text": "Words."})
    page = author_client.post("/works/new/", data).content.decode()
    assert "Images are for art and picspams" in page
    assert nothing_saved(media_root)


def test_it_posts_a_fanmix_track_list_shown_in_order(author_client, author, client):
    tracks = (
        "Nick Cave - Red Right Hand\n\n2. Concrete Blonde – Bloodletting\n"
        "Mazzy Star - Fade Into You"
    )
    response = author_client.post("/works/new/", form_data(author, form="fanmix", tracks=tracks))
    work = Work.objects.get()
    assert work.size() == ("tracks", 3)
    assert [(t.position, t.artist, t.title) for t in work.tracks.all()] == [
        (1, "Nick Cave", "Red Right Hand"),
        (2, "Concrete Blonde", "Bloodletting"),
        (3, "Mazzy Star", "Fade Into You"),
    ]
    page = client.get(response.url).content.decode()
    listed = re.search(r'<section class="work-media tracks".*?<ol>(.*?)</ol>', page, re.S)
    assert listed and re.findall(r"<li>(.*?)</li>", listed[1]) == [
        "Nick Cave – Red Right Hand", "Concrete Blonde – Bloodletting",
        "Mazzy Star – Fade Into You",
    ]  # fmt: skip


def test_it_names_the_line_of_a_malformed_track(author_client, author, media_root):
    tracks = "Nick Cave - Red Right Hand\nJust a title with no artist\nMazzy Star - Fade Into You"
    page = author_client.post("/works/new/", form_data(author, form="fanmix", tracks=tracks))
    assert "Line 2 (“Just a title with no artist”) is not “Artist - Title”." in text_of(
        page.content.decode()
    )
    assert nothing_saved(media_root)


@pytest.mark.parametrize(("given", "seconds"), [("1:05", 65), ("59", 59), ("1:00:00", 3600)])
def test_it_posts_a_vid_link_with_its_duration(author_client, author, client, given, seconds):
    data = form_data(author, form="vid", video_url="https://vids.example.org/v/123",
                     duration=given)  # fmt: skip
    response = author_client.post("/works/new/", data)
    work = Work.objects.get()
    assert work.video_url == "https://vids.example.org/v/123"
    assert work.size() == ("seconds", seconds)
    page = client.get(response.url).content.decode()
    assert 'href="https://vids.example.org/v/123"' in page
    assert f"Duration: {media_fields.duration_format(seconds)}" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"video_url": "javascript:alert(1)"}, "Give an http:// or https:// link."),
        ({"video_url": "ftp://example.org/v.mp4"}, "Give an http:// or https:// link."),
        ({"duration": ""}, "Give the duration as minutes:seconds"),
        ({"duration": "1:75"}, "Minutes and seconds after a colon go up to 59."),
        ({"duration": "soon"}, "Give the duration as minutes:seconds"),
        ({"video_url": ""}, "A vid needs a link or an uploaded file."),
    ],
)
def test_it_refuses_bad_vids(author_client, author, media_root, overrides, message):
    data = form_data(author, form="vid", video_url="https://example.org/v", duration="0:59")
    data.update(overrides)
    page = author_client.post("/works/new/", data).content.decode()
    assert message in page
    assert nothing_saved(media_root)


def test_it_posts_an_uploaded_vid_played_in_the_page(author_client, author, client, media_root):
    vid = SimpleUploadedFile("my-vid.mp4", media.vid("mp4"), "video/mp4")
    data = form_data(author, form="vid", video_file=vid, duration="45")
    response = author_client.post("/works/new/", data)
    work = Work.objects.get()
    assert re.fullmatch(r"works/vids/\d{4}/\d\d/[0-9a-f]{32}\.mp4", work.video_file.name)
    page = client.get(response.url).content.decode()
    assert f'<video controls preload="metadata" src="/media/{work.video_file.name}">' in page
    assert "Duration: 0:45" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vid.avi", MP4_HEAD, "“vid.avi” is not an MP4, WebM or Ogg (.ogv) video file."),
        ("vid.mp4", b"<html>not a video</html>", "“vid.mp4” is not really a .mp4 video."),
    ],
)
def test_it_refuses_bad_vid_files(author_client, author, media_root, name, content, message):
    data = form_data(author, form="vid", duration="45",
                     video_file=SimpleUploadedFile(name, content))  # fmt: skip
    page = text_of(author_client.post("/works/new/", data).content.decode())
    assert message in page
    assert nothing_saved(media_root)


def test_it_refuses_a_vid_file_over_the_limit_the_settings_give(
    author_client, author, media_root, settings
):
    settings.VID_MAX_BYTES = 1000
    vid = SimpleUploadedFile("long.webm", b"\x1a\x45\xdf\xa3" + b"\0" * 2000)
    page = author_client.post("/works/new/", form_data(author, form="vid", duration="1:00",
                                                       video_file=vid))  # fmt: skip
    assert "“long.webm” is 2.0 KB; files can be at most 1000 bytes." in text_of(
        page.content.decode()
    )
    assert nothing_saved(media_root)


def test_it_needs_text_only_for_fic_and_meta(author_client, author):
    page = author_client.post("/works/new/", form_data(author, form="meta")).content.decode()
    assert "Text can&#x27;t be blank" in page and Work.objects.count() == 0
    data = form_data(author, form="fanmix", tracks="Blur - Song 2")
    assert author_client.post("/works/new/", data).status_code == 302
    chapter = Chapter.objects.get()
    assert chapter.text == "" and chapter.html == "" and chapter.work.word_count == 0
    page = Client().get(f"/works/{chapter.work_id}/").content.decode()
    assert 'class="userstuff"' not in page


def test_it_changes_an_art_works_descriptions_and_keeps_its_images(
    author_client, author, media_root
):
    data = form_data(author, form="art", images=[png("a.png"), png("b.png")],
                     image_descriptions="One\nTwo")  # fmt: skip
    author_client.post("/works/new/", data)
    work = Work.objects.get()
    files = stored_files(media_root)
    page = author_client.get(f"/works/{work.pk}/edit/").content.decode()
    assert "This work has 2 images." in page and "\nOne\nTwo</textarea>" in page
    edit = form_data(author, form="art", image_descriptions="First | caption\nSecond")
    del edit["pseud"]
    assert author_client.post(f"/works/{work.pk}/edit/", edit).status_code == 302
    assert [(i.alt_text, i.caption) for i in work.images.all()] == [
        ("First", "caption"), ("Second", ""),
    ]  # fmt: skip
    assert stored_files(media_root) == files


def test_it_replaces_images_and_deletes_the_old_files(
    author_client, author, media_root, django_capture_on_commit_callbacks
):
    author_client.post("/works/new/", form_data(author, form="art", images=[png("a.png")],
                                                image_descriptions="Old"))  # fmt: skip
    work = Work.objects.get()
    old = stored_files(media_root)
    edit = form_data(author, form="art", images=[png("x.png"), png("y.png")],
                     image_descriptions="New one\nNew two")  # fmt: skip
    del edit["pseud"]
    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(f"/works/{work.pk}/edit/", edit)
    assert [i.alt_text for i in work.images.all()] == ["New one", "New two"]
    now = stored_files(media_root)
    assert len(now) == 2 and not set(old) & set(now)


def test_it_clears_media_when_a_work_changes_form(
    author_client, author, media_root, django_capture_on_commit_callbacks
):
    author_client.post("/works/new/", form_data(author, form="fanmix", tracks="Blur - Song 2"))
    work = Work.objects.get()
    edit = form_data(author, form="fic", tracks="Blur - Song 2")
    del edit["pseud"]
    author_client.post(f"/works/{work.pk}/edit/", edit)
    work.refresh_from_db()
    assert work.form == Form.FIC and work.tracks.count() == 0
    assert work.size() == ("words", 0)


def test_it_replaces_a_vid_file_with_a_link(
    author_client, author, media_root, django_capture_on_commit_callbacks
):
    vid = SimpleUploadedFile("v.ogv", media.vid("ogv"))
    author_client.post("/works/new/", form_data(author, form="vid", video_file=vid, duration="30"))
    work = Work.objects.get()
    assert len(stored_files(media_root)) == 1
    edit = form_data(author, form="vid", duration="31")
    del edit["pseud"]
    assert author_client.post(f"/works/{work.pk}/edit/", edit).status_code == 302
    work.refresh_from_db()
    assert work.video_file and work.duration_seconds == 31  # kept when nothing new is given
    edit["video_url"] = "https://example.org/v"
    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(f"/works/{work.pk}/edit/", edit)
    work.refresh_from_db()
    assert work.video_url == "https://example.org/v" and not work.video_file
    assert stored_files(media_root) == []


def test_it_shows_the_form_select_and_uploads_as_multipart(author_client):
    page = author_client.get("/works/new/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert all(f'<option value="{value}"' in page for value in Form.values)
    assert re.search(r'<input type="file" name="images"[^>]* multiple', page)
