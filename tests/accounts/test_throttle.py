"""Attempt limits: wrong passwords, sign-ups and reset requests are counted per account and per
address; past the limit the forms refuse with how long to wait, and after the cool-off the
right person gets in."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from ficfest.accounts.throttle import client_address
from tests.factories import make_user
from tests.html import main_text

RIGHT = "correct horse battery"
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def log_in(client, username="author", password="wrong", url="login", **extra):
    return client.post(reverse(url), {"username": username, "password": password}, **extra)


def test_it_locks_an_account_after_ten_wrong_passwords_even_to_the_right_one(client, author):
    for _ in range(10):
        response = log_in(client)
        assert response.status_code == 200
        assert "don't match an account" in main_text(response)

    response = log_in(client, password=RIGHT)

    assert response.status_code == 429
    assert "Too many attempts: try again in 15 minutes." in main_text(response)
    assert not get_user(client).is_authenticated


def test_it_lets_the_right_person_in_after_the_cool_off(client, author):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(60):
            log_in(client)
        clock.shift(timedelta(minutes=10))
        assert "try again in 5 minutes" in main_text(log_in(client, password=RIGHT))
        clock.shift(timedelta(minutes=5, seconds=1))

        response = log_in(client, password=RIGHT)

        assert response.status_code == 302
        assert get_user(client).pk == author.pk


def test_it_clears_an_accounts_count_when_it_logs_in(client, author):
    for _ in range(9):
        log_in(client)
    log_in(client, password=RIGHT)
    client.logout()
    for _ in range(9):
        log_in(client)

    assert log_in(client, password=RIGHT).status_code == 302


def test_it_limits_one_address_across_many_accounts(client, settings):
    settings.THROTTLE_ADDRESS_ATTEMPTS = 5
    for n in range(5):
        log_in(client, username=f"guess{n}", REMOTE_ADDR="203.0.113.9")
    make_user("spike")

    refused = log_in(client, username="spike", password=RIGHT, REMOTE_ADDR="203.0.113.9")
    elsewhere = log_in(client, username="spike", password=RIGHT, REMOTE_ADDR="198.51.100.7")

    assert refused.status_code == 429
    assert elsewhere.status_code == 302


def test_it_counts_the_admin_log_in_with_the_sites(client):
    make_user("root", is_staff=True, is_superuser=True)
    for _ in range(10):
        log_in(client, username="root")

    response = log_in(client, username="root", password=RIGHT, url="admin:login")

    assert "Too many attempts: try again in 15 minutes." in response.content.decode()
    assert not get_user(client).is_authenticated


def sign_up(client, n):
    return client.post(reverse("signup"), {
        "username": f"reader{n}", "email": f"reader{n}@example.org",
        "password1": "bloody hell, slayer", "password2": "bloody hell, slayer",
    })  # fmt: skip


def test_it_limits_sign_ups_from_one_address(client, settings):
    settings.THROTTLE_ADDRESS_ATTEMPTS = 3
    for n in range(3):
        assert sign_up(client, n).status_code == 302

    response = sign_up(client, 3)

    assert response.status_code == 429
    assert "Too many attempts: try again in 15 minutes." in main_text(response)
    assert len(mail.outbox) == 3


def test_it_limits_password_reset_emails_to_one_address(client, author):
    for n in range(10):
        response = client.post(reverse("password_reset"), {"email": "author@example.org"},
                               REMOTE_ADDR=f"198.51.100.{n}")  # fmt: skip
        assert response.status_code == 302

    response = client.post(reverse("password_reset"), {"email": "author@example.org"})

    assert response.status_code == 429
    assert "Too many attempts" in main_text(response)
    assert len(mail.outbox) == 10


def test_it_reads_the_client_address_behind_a_trusted_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.THROTTLE_TRUSTED_PROXIES = 0
    assert client_address(request) == "10.0.0.1"
    settings.THROTTLE_TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.9"  # not the entry the client made up
