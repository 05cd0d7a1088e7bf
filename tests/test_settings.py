"""Settings come from the environment and fail loudly; production passes Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def ficfest(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    full_env["DJANGO_SETTINGS_MODULE"] = "ficfest.settings"
    return subprocess.run(
        [sys.executable, "-m", "ficfest.cli", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def data_dir(tmp_path):
    return str(tmp_path)


def test_it_passes_the_deploy_check_in_production(data_dir):
    result = ficfest(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        FICFEST_MODE="production",
        SECRET_KEY="x" * 64 + "-production-secret",
        ALLOWED_HOSTS="archive.example.org",
        FICFEST_DATA_DIR=data_dir,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_production_without_a_secret_key(data_dir):
    result = ficfest(
        "check", FICFEST_MODE="production", ALLOWED_HOSTS="a.example", FICFEST_DATA_DIR=data_dir
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_a_malformed_boolean(data_dir):
    result = ficfest("check", DEBUG="maybe", FICFEST_DATA_DIR=data_dir)
    assert "DEBUG must be one of" in result.stderr


def test_it_generates_one_secret_key_for_local_use_and_keeps_it(data_dir):
    assert ficfest("check", FICFEST_DATA_DIR=data_dir).returncode == 0
    key_file = Path(data_dir) / "secret_key"
    first = key_file.read_text()
    assert ficfest("check", FICFEST_DATA_DIR=data_dir).returncode == 0
    assert key_file.read_text() == first and len(first) > 40
    assert oct(os.stat(key_file).st_mode)[-3:] == "600"


def test_it_hashes_passwords_with_argon2():
    from ficfest import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
