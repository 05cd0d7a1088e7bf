"""Anthologies: a period's visible fills as one book, built at once when small and by the
worker (with a progress page) when large; never naming a creator the public may not know."""

import pytest
from django.urls import reverse

from ficfest.communities.models import Fill
from ficfest.downloads.models import AnthologyBuild, BuildState
from ficfest.downloads.tasks import build_work_files
from tests.communities.factories import make_fill
from tests.downloads.conftest import epub_texts
from tests.downloads.test_work_files import anonymous_fill, download
from tests.factories import client_for, make_user, make_work


def urls(period):
    args = [period.challenge.community.slug, period.challenge.slug, period.slug]
    return reverse("anthology", args=args), reverse("anthology_download", args=[*args, "epub"])


@pytest.fixture
def fills(period, author):
    works = [make_work(author, title=f"Fill {n}") for n in (1, 2)]
    works.append(make_work(author, title="Members fill", restricted=True))
    for work in works:
        make_fill(work, period.challenge, period=period)
    return works


def test_it_builds_a_large_anthology_in_the_background_with_its_progress(
    client, period, fills, settings, django_capture_on_commit_callbacks
):
    settings.DOWNLOADS_ANTHOLOGY_SYNC_MAX = 1
    page, epub = urls(period)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(epub)
    assert response.status_code == 302 and response["Location"] == page
    waiting = client.get(page).content.decode()
    assert '<meta http-equiv="refresh"' in waiting and "Waiting for the worker" in waiting
    assert "0 of 2 works" in waiting  # the public edition: the restricted fill left out
    for callback in queued:
        callback()  # the worker runs the build
    assert AnthologyBuild.objects.get().state == BuildState.DONE
    ready = client.get(page).content.decode()
    assert "Download the EPUB anthology" in ready and "http-equiv" not in ready
    body = b"".join(client.get(epub).streaming_content)
    contents = epub_texts(body)["EPUB/contents.xhtml"]
    assert "Fill 1" in contents and "Fill 2" in contents and "Members fill" not in contents


def test_it_gives_logged_in_readers_the_restricted_fills_too(client, period, fills, stranger):
    _page, epub = urls(period)
    body = b"".join(client_for(stranger).get(epub).streaming_content)
    assert "Members fill" in epub_texts(body)["EPUB/contents.xhtml"]


def test_it_lists_anonymous_fills_as_anonymous_even_for_their_creator(client, community):
    creator = make_user("zephyrine")
    work = anonymous_fill(community, creator, "Hidden hand")
    period = Fill.objects.get(work=work).period
    _page, epub = urls(period)
    for reader in (client, client_for(creator)):
        body = b"".join(reader.get(epub).streaming_content)
        inside = " ".join(epub_texts(body).values())
        assert "Hidden hand" in inside and "Anonymous" in inside
        assert "zephyrine" not in inside


def test_it_answers_404_for_an_unknown_anthology_format(client, period):
    args = [period.challenge.community.slug, period.challenge.slug, period.slug, "txt"]
    assert client.get(reverse("anthology_download", args=args)).status_code == 404


def test_it_prebuilds_a_works_files_when_it_changes(
    client, author, settings, django_capture_on_commit_callbacks
):
    settings.DOWNLOADS_PREBUILD = True
    with django_capture_on_commit_callbacks(execute=True):
        work = make_work(author, title="Prebuilt")
    from django.core.files.storage import storages

    _dirs, names = storages["downloads"].listdir(f"works/{work.pk}")
    assert {name.split(".")[1] for name in names} == {"epub", "pdf", "html", "txt"}
    build_work_files.call(work.pk)  # a second run finds them all built
    assert len(storages["downloads"].listdir(f"works/{work.pk}")[1]) == 4
    assert download(client, work, "txt")[0].status_code == 200


def test_it_says_when_a_build_failed_and_tries_again_when_asked(
    client, period, fills, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.DOWNLOADS_ANTHOLOGY_SYNC_MAX = 1
    page, epub = urls(period)

    def broken(volume, fmt):
        raise RuntimeError("disk full")

    monkeypatch.setattr("ficfest.downloads.anthologies.files.write", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(epub).status_code == 302
    failed = client.get(page).content.decode()
    assert "the last build failed" in failed and "http-equiv" not in failed
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(epub).status_code == 302  # queued again, and built
    assert client.get(epub).status_code == 200
    assert AnthologyBuild.objects.get().state == BuildState.DONE
