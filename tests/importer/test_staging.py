"""Uploads staged between the preview and its confirmation, with many uploaders at once."""

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from ficfest.importer.services.staging import (
    STAGING,
    staging_clear_stale,
    staging_read,
    staging_save,
)
from ficfest.lib.storage import originals_storage


def upload(number: int) -> ContentFile:
    return ContentFile(f"Title: Fic {number}\n\nThe end.".encode(), name=f"fic-{number}.txt")


def stage_three(number: int):
    token, staged = staging_save([upload(number), upload(number + 100), upload(number + 200)])
    return token, staged, [staging_read(token, file) for file in staged]


def test_it_keeps_every_batch_of_twenty_uploaders_staging_at_once(settings, tmp_path):
    settings.ORIGINALS_ROOT = tmp_path
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(stage_three, range(20)))
    assert len({token for token, _, _ in results}) == 20
    for number, (_token, staged, texts) in enumerate(results):
        assert [file.filename for file in staged] == [
            f"fic-{number}.txt", f"fic-{number + 100}.txt", f"fic-{number + 200}.txt"
        ]  # fmt: skip
        assert texts[0] == f"Title: Fic {number}\n\nThe end.".encode()


def test_it_clears_only_batches_older_than_a_day(settings, tmp_path):
    settings.ORIGINALS_ROOT = tmp_path
    old_token, old = staging_save([upload(1)])
    fresh_token, fresh = staging_save([upload(2)])
    long_ago = (timezone.now() - timedelta(days=1, minutes=1)).timestamp()
    folder = tmp_path / STAGING / old_token
    for path in (folder / os.path.basename(old[0].name), folder):
        os.utime(path, (long_ago, long_ago))
    staging_clear_stale()
    assert not folder.exists()
    assert staging_read(fresh_token, fresh[0]) == f"Title: Fic {2}\n\nThe end.".encode()


def test_it_leaves_a_batch_folder_just_made_and_still_empty(settings, tmp_path):
    settings.ORIGINALS_ROOT = tmp_path
    token = "0" * 32
    (tmp_path / STAGING / token).mkdir(parents=True)
    staging_clear_stale()
    assert (tmp_path / STAGING / token).is_dir()
    staging_clear_stale(timezone.now() + timedelta(days=2))
    assert not (tmp_path / STAGING / token).exists()


def test_it_takes_a_missing_staging_folder_calmly(settings, tmp_path):
    settings.ORIGINALS_ROOT = str(tmp_path / "nowhere")
    staging_clear_stale()
    assert not originals_storage().exists(STAGING)
