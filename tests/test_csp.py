"""Content-Security-Policy: every page forbids inline script and style and other origins, and
no template relies on what the policy forbids."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.PACKAGE_DIR) / "templates"
# What a strict policy blocks: inline <script>, style="" attributes, on…="" handlers, <style>.
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
# Not pages: the HTML file a reader downloads (sent as an attachment, opened from their own
# disk, never under the site's policy) carries its styles inside, as a file on its own must.
DOWNLOADED_FILES = {"downloads/book.html"}


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "work_list", "community_list", "login", "signup"])
def test_it_sends_a_strict_policy_on_every_page(client, name):
    policy = directives(client.get(reverse(name)))

    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "script-src" not in policy and "style-src" not in policy  # default-src 'self' rules
    assert "unsafe" not in " ".join(policy.values())


@pytest.mark.django_db
def test_it_sends_the_policy_on_the_admin_login(client):
    assert directives(client.get(reverse("admin:login")))["default-src"] == "'self'"


def test_it_keeps_templates_free_of_what_the_policy_blocks():
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in TEMPLATES.rglob("*.html")
        if str(path.relative_to(TEMPLATES)) not in DOWNLOADED_FILES
        for what, pattern in FORBIDDEN.items()
        if pattern.search(path.read_text())
    ]
    assert found == []
