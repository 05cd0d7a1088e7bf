"""Walk every page and feed that can show a work of an anonymous or unrevealed challenge, before
and after its reveal, as strangers, the creator and a moderator."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image, PngImagePlugin

from ficfest.communities.models import Anonymity
from ficfest.tags.models import Tag, TagType
from ficfest.works import services
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_community,
    make_fill,
    make_period,
    make_prompt,
)
from tests.factories import make_user, make_work
from tests.html import main, text

NAME = "hiddenhand"
MASKED, SEALED = "Masked Ball", "Sealed Letter"
REVEAL = timedelta(days=3)


@pytest.fixture
def scene(moderator):
    writer = make_user(NAME)
    community = make_community(moderator, slug="fag-ends")
    add_member(community, writer)
    reveal_at = timezone.now() + REVEAL
    anon = make_challenge(
        community,
        slug="anonfest",
        title="Anonfest",
        anonymity=Anonymity.ANONYMOUS,
        reveal_at=reveal_at,
    )
    secret = make_challenge(
        community,
        slug="secretfest",
        title="Secretfest",
        anonymity=Anonymity.UNREVEALED,
        reveal_at=reveal_at,
    )
    anon_period, secret_period = make_period(anon, slug="round"), make_period(secret, slug="round")
    anon_prompt = make_prompt(anon_period, "Masks")
    secret_prompt = make_prompt(secret_period, "Letters")
    series = services.series_create(owner=writer, title="Writer's Series")
    masked = make_work(
        writer, title=MASKED, freeforms=["Masquerade"], series=series, summary="A dance."
    )
    sealed = make_work(writer, title=SEALED, freeforms=["Masquerade"])
    make_fill(masked, anon, period=anon_period, prompts=[anon_prompt])
    make_fill(sealed, secret, period=secret_period, prompts=[secret_prompt])
    return {"writer": writer, "community": community, "anon": anon, "secret": secret,
            "periods": [anon_period, secret_period], "prompts": [anon_prompt, secret_prompt],
            "masked": masked, "sealed": sealed, "series": series}  # fmt: skip


def surfaces(scene) -> list[str]:
    """Every address that lists or shows these works, except the writer's own profile pages."""
    masked, community = scene["masked"], scene["community"]
    tag = masked.freeforms[0]
    urls = ["/", "/works/", f"/works/{masked.pk}/", f"/works/{masked.pk}/chapters/1/",
            tag.get_absolute_url(), masked.fandoms[0].get_absolute_url(), "/fandoms/",
            community.get_absolute_url(),
            reverse("community_creators", args=[community.slug]),
            reverse("feed_community", args=[community.slug])]  # fmt: skip
    # The filtered listings and their feeds: sorting by creator must not place a hidden one.
    urls += ["/works/?sort=creator", "/works/feed/", reverse("tag_feed", args=[tag.pk]),
             f"{tag.get_absolute_url()}?sort=creator&tag={masked.fandoms[0].name}",
             reverse("community_works", args=[community.slug]),
             reverse("community_works_feed", args=[community.slug])]  # fmt: skip
    for challenge, period, prompt in zip(
        (scene["anon"], scene["secret"]), scene["periods"], scene["prompts"], strict=True
    ):
        args = [community.slug, challenge.slug, period.slug]
        feed = reverse("feed_prompt", args=[community.slug, prompt.pk])
        urls += [challenge.get_absolute_url(), period.get_absolute_url(),
                 prompt.get_absolute_url(), feed, reverse("period_works", args=args),
                 reverse("period_works_feed", args=args),
                 reverse("prompt_fills", args=[community.slug, prompt.pk]),
                 reverse("masterlist", args=args), reverse("stats", args=args)]  # fmt: skip
        urls += [reverse("masterlist_export", args=[*args, fmt]) for fmt in ("html", "md", "dw")]
        urls += [reverse("stats_export", args=[*args, fmt]) for fmt in ("md", "dw")]
    return urls


def readers(community):
    member = make_user("member")
    add_member(community, member)
    logged_in = Client()
    logged_in.force_login(member)
    return {"logged out": Client(), "member": logged_in}


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def test_it_names_no_hidden_creator_and_shows_no_unrevealed_work_before_the_reveal(scene):
    for who, client in readers(scene["community"]).items():
        for url in surfaces(scene):
            html = page(client, url)
            assert NAME not in html, f"{who} sees the creator's name on {url}"
            assert SEALED not in html, f"{who} sees the unrevealed work on {url}"
        assert "Anonymous" in page(client, f"/works/{scene['masked'].pk}/")
        assert client.get(f"/works/{scene['sealed'].pk}/").status_code == 404
        # Pages that are the writer's own name anyway must not list the hidden works.
        by_name = (f"/users/{NAME}/", f"/users/{NAME}/pseuds/{NAME}/",
                   f"/users/{NAME}/works/", f"/users/{NAME}/works/feed/",
                   f"/users/{NAME}/pseuds/{NAME}/feed/",
                   scene["series"].get_absolute_url())  # fmt: skip
        for profile in by_name:
            html = page(client, profile)
            assert MASKED not in html and SEALED not in html, f"{who}: {profile}"


def test_it_counts_no_unrevealed_work_in_listing_totals(scene, client):
    tag_page = page(client, scene["masked"].freeforms[0].get_absolute_url())
    assert "1 work" in tag_page and "2 works" not in tag_page


def test_it_shows_the_truth_to_the_creator_and_the_moderators(scene, moderator):
    for user in (scene["writer"], moderator):
        client = Client()
        client.force_login(user)
        assert NAME in main(page(client, f"/works/{scene['masked'].pk}/"))
        sealed = main(page(client, f"/works/{scene['sealed'].pk}/"))
        assert SEALED in sealed and NAME in sealed


def test_it_reveals_everything_by_itself_when_the_time_comes(scene):
    with time_machine.travel(timezone.now() + REVEAL + timedelta(hours=1), tick=False):
        for client in readers(scene["community"]).values():
            assert NAME in page(client, f"/works/{scene['masked'].pk}/")
            assert NAME in page(client, f"/works/{scene['sealed'].pk}/")
            profile = page(client, f"/users/{NAME}/")
            assert MASKED in profile and SEALED in profile
            args = [scene["community"].slug, "anonfest", "round"]
            assert NAME in page(client, reverse("masterlist", args=args))
            assert NAME in page(client, reverse("masterlist_export", args=[*args, "md"]))
            assert NAME in page(client, reverse("feed_community", args=[args[0]]))


def test_it_hides_the_series_of_an_anonymous_work_until_the_reveal(scene):
    url = f"/works/{scene['masked'].pk}/"
    for who, client in readers(scene["community"]).items():
        html = text(page(client, url))
        assert MASKED in html, who
        assert "Writer's Series" not in html, f"{who} sees the series on {url}"
    writer = Client()
    writer.force_login(scene["writer"])
    assert "Writer's Series" in text(page(writer, url))
    with time_machine.travel(timezone.now() + REVEAL + timedelta(hours=1), tick=False):
        assert "Writer's Series" in text(page(Client(), url))


def test_it_answers_404_for_a_tag_only_unrevealed_works_carry(scene):
    sealed_only = Tag.objects.create(name="Only In Letters", type=TagType.FREEFORM)
    scene["sealed"].tags.add(sealed_only)
    url = sealed_only.get_absolute_url()
    for who, client in readers(scene["community"]).items():
        assert client.get(url).status_code == 404, who
    writer = Client()
    writer.force_login(scene["writer"])
    assert SEALED in text(page(writer, url))
    with time_machine.travel(timezone.now() + REVEAL + timedelta(hours=1), tick=False):
        assert SEALED in text(page(Client(), url))


def signed_png() -> SimpleUploadedFile:
    """A PNG its artist's software signed: the name in a text chunk, as many tools write it."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Artist", NAME)
    info.add_text("Comment", f"drawn by {NAME}")
    buffer = BytesIO()
    Image.new("RGB", (24, 16), "crimson").save(buffer, "PNG", pnginfo=info)
    return SimpleUploadedFile("gift.png", buffer.getvalue(), content_type="image/png")


def test_it_serves_an_anonymous_art_fill_whose_image_names_nobody(scene, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = services.ImageUpload(file=signed_png(), alt_text="A mask")
    art = make_work(scene["writer"], title="Painted Mask", text="", form="art", images=[image])
    make_fill(art, scene["anon"], period=scene["periods"][0])
    html = page(Client(), f"/works/{art.pk}/")
    assert "Painted Mask" in main(html) and NAME not in html
    sources = re.findall(r'<img[^>]+src="([^"]+)"', main(html))
    assert len(sources) == 1
    stored = default_storage.open(sources[0].removeprefix(settings.MEDIA_URL).lstrip("/")).read()
    assert stored.startswith(b"\x89PNG") and NAME.encode() not in stored
