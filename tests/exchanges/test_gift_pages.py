"""What gifts show: "A gift for NAME" on the work (unless the recipient opted out in their
sign-up), each user's gifts page, and the exchange's masterlist by fandom with its exports."""

import re
from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse

from ficfest.communities.models import Anonymity
from ficfest.exchanges.models import SignUp
from tests.exchanges.factories import REVEAL
from tests.exchanges.gifts import sent_assignment
from tests.factories import client_for, default_pseud, make_work
from tests.html import main, main_text, text

AFTER_REVEAL = REVEAL + timedelta(hours=1)


def give(ficathon, giver, recipient, title, **work):
    assignment = sent_assignment(ficathon, giver, recipient)
    gift = make_work(giver, title=title, **work)
    client_for(giver).post("/assignments/", {
        "assignment": assignment.pk, f"fulfil-{assignment.pk}-work": gift.pk})  # fmt: skip
    return gift


def test_it_says_whom_the_gift_is_for_unless_they_opted_out(
    after_close, ficathon, alice, bob, carol
):
    for_bob = give(ficathon, alice, bob, "For Bob")
    for_carol = give(ficathon, bob, carol, "For Carol")
    SignUp.objects.filter(user=carol).update(gift_name_shown=False)
    assert "A gift for bob" in main_text(Client().get(for_bob.get_absolute_url()))
    assert "A gift for" not in main_text(Client().get(for_carol.get_absolute_url()))
    assert "For Carol" not in main_text(Client().get("/users/carol/gifts/"))
    assert "For Carol" in main_text(client_for(carol).get("/users/carol/gifts/"))


def test_it_lists_gifts_received_and_given_once_revealed(after_close, ficathon, alice, bob):
    give(ficathon, alice, bob, "Snowbound")
    received = main_text(Client().get("/users/bob/gifts/"))
    assert "Received Snowbound by Anonymous for bob" in received
    assert "Snowbound" not in main_text(Client().get("/users/alice/gifts/"))
    with time_machine.travel(AFTER_REVEAL, tick=False):
        assert "Given Snowbound by alice for bob" in main_text(Client().get("/users/alice/gifts/"))
        assert "Snowbound by alice" in main_text(Client().get("/users/bob/gifts/"))
    assert Client().get("/users/nobody/gifts/").status_code == 404


def test_it_lists_no_unrevealed_gift_anywhere_until_the_reveal(after_close, ficathon, alice, bob):
    ficathon.anonymity = Anonymity.UNREVEALED
    ficathon.save()
    give(ficathon, alice, bob, "Snowbound")
    masterlist = reverse("gift_masterlist", args=["winterfest", "ficathon"])
    for page in ("/users/bob/gifts/", "/users/alice/gifts/", masterlist):
        assert "Snowbound" not in main_text(client_for(bob).get(page)), page
    with time_machine.travel(AFTER_REVEAL, tick=False):
        assert "Snowbound" in main_text(client_for(bob).get("/users/bob/gifts/"))


def test_it_builds_the_masterlist_by_fandom_with_recipients(
    after_close, ficathon, mod, alice, bob, carol
):
    give(ficathon, alice, bob, "Snowbound", fandoms=["Firefly"])
    give(ficathon, bob, carol, "Both Worlds", fandoms=["Firefly", "Buffy the Vampire Slayer"])
    give(ficathon, carol, alice, "Slayers", fandoms=["Buffy the Vampire Slayer"])
    SignUp.objects.filter(user=alice).update(gift_name_shown=False)
    page = main_text(Client().get(reverse("gift_masterlist", args=["winterfest", "ficathon"])))
    assert "3 gifts, by fandom." in page
    buffy = page.index("Buffy the Vampire Slayer Both Worlds by Anonymous for carol")
    firefly = page.index("Firefly Both Worlds by Anonymous for carol")
    assert buffy < page.index("Slayers by Anonymous —") < firefly
    assert "Snowbound by Anonymous for bob" in page[firefly:]
    for name in ("alice", "bob", "carol"):
        assert f"by {name}" not in page
    md = Client().get(reverse("gift_masterlist_export", args=["winterfest", "ficathon", "md"]))
    assert md["Content-Type"] == "text/markdown; charset=utf-8"
    assert "### Firefly" in md.content.decode() and "by Anonymous for bob" in md.content.decode()
    # Exports are for the public even when a moderator asks.
    dw = client_for(mod).get(
        reverse("gift_masterlist_export", args=["winterfest", "ficathon", "dw"])
    )
    assert "alice" not in dw.content.decode() and "<lj-cut" in dw.content.decode()
    with time_machine.travel(AFTER_REVEAL, tick=False):
        html = Client().get(
            reverse("gift_masterlist_export", args=["winterfest", "ficathon", "html"])
        )
        assert ">alice</a> for bob" in html.content.decode()
    missing = reverse("gift_masterlist_export", args=["winterfest", "ficathon", "pdf"])
    assert Client().get(missing).status_code == 404


def test_it_takes_the_opt_out_in_the_sign_up(during, ficathon, alice):
    client = client_for(alice)
    signup_url = reverse("ficathon_signup", args=["winterfest", "ficathon"])
    form = client.get(signup_url).content.decode()
    assert "Show my name on gifts written for me" in text(main(form))
    assert re.search(r'<input type="checkbox" name="gift_name_shown"[^>]* checked', form)
    answers = {"pseud": default_pseud(alice).pk, "requests": "Firefly", "offers": "Buffy"}
    assert client.post(signup_url, answers).status_code == 302
    assert not SignUp.objects.get(user=alice).gift_name_shown
