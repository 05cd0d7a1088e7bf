import csv
import io

import pytest
import time_machine

from ficfest.exchanges.models import SignUp, SignUpOffer, SignUpRequest
from ficfest.tags.models import Tag, TagType
from tests.exchanges.factories import AFTER, url
from tests.exchanges.tagged import C, F, canon, choice, set_rules, tagged_sign_up
from tests.factories import client_for, default_pseud, make_user
from tests.html import main_text


@pytest.fixture
def tag_set(ficathon):
    """Buffy and Firefly with a few of their characters; any freeform."""
    return set_rules(
        ficathon,
        tag_sets={
            F: ["Buffy the Vampire Slayer", "Firefly"],
            C: ["Willow Rosenberg", "Rupert Giles", "Kaylee Frye"],
        },
    )


def answers(user, **tags):
    data = {
        "action": "save",
        "pseud": default_pseud(user).pk,
        "contact": "",
        "requests": "",
        "offers": "",
        "restrictions": "",
        "wont_write": "",
        "tags-r1_fandom": "Buffy the Vampire Slayer",
        "tags-r1_character": "Willow Rosenberg",
        "tags-r1_letter": "Willow being clever, please.",
        "tags-o_fandom": "Firefly, Buffy the Vampire Slayer",
        "tags-o_character_any": "on",
    }
    data.update({f"tags-{name}": value for name, value in tags.items()})
    return data


def test_it_takes_requests_and_offers_as_tags_with_a_letter(during, ficathon, tag_set, alice):
    client = client_for(alice)
    page = main_text(client.get(url("ficathon_signup", ficathon)))
    assert "Your request" in page and "Your offer" in page and "Letter to your writer" in page
    response = client.post(url("ficathon_signup", ficathon), answers(alice))
    assert response.status_code == 302
    request = SignUpRequest.objects.get(signup__user=alice)
    assert sorted(t.name for t in request.tags.all()) == [
        "Buffy the Vampire Slayer",
        "Willow Rosenberg",
    ]
    assert request.letter == "Willow being clever, please."
    offer = SignUpOffer.objects.get(signup__user=alice)
    assert {t.name for t in offer.tags.all()} == {"Firefly", "Buffy the Vampire Slayer"}
    assert offer.any_types == [TagType.CHARACTER]


def test_it_reads_a_synonym_as_its_canonical(during, ficathon, tag_set, alice):
    Tag.objects.create(name="BtVS", type=F, merger=canon("Buffy the Vampire Slayer"))
    client_for(alice).post(url("ficathon_signup", ficathon), answers(alice, r1_fandom="btvs"))
    request = SignUpRequest.objects.get(signup__user=alice)
    assert "Buffy the Vampire Slayer" in {t.name for t in request.tags.all()}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("r1_fandom", "Star Trek", "There is no fandom tag called “Star Trek” to choose"),
        ("r1_character", "Buffy Summers", "There is no character tag called “Buffy Summers”"),
        ("r1_fandom", "", "Request 1: Choose at least 1 fandom (or tick “any”)."),
        ("r1_fandom", "Firefly, Buffy the Vampire Slayer", "Choose at most 1 fandom; you chose 2."),
        ("o_fandom", "", "Offer: Choose at least 1 fandom (or tick “any”)."),
        ("o_wont", "Nonexistent Thing", "There is no tag called “Nonexistent Thing”."),
    ],
)
def test_it_refuses_tags_outside_the_rules_and_saves_nothing(
    during, ficathon, tag_set, alice, field, value, message
):
    canon("Star Trek")  # canonical, but not in this exchange's tag set
    response = client_for(alice).post(
        url("ficathon_signup", ficathon), answers(alice, **{field: value})
    )
    assert response.status_code == 200
    page = main_text(response)
    assert message in page or ("Star Trek" in value and "is not in this exchange" in page)
    assert not SignUp.objects.exists() and not SignUpRequest.objects.exists()


def test_it_refuses_a_canonical_tag_outside_the_tag_set(during, ficathon, tag_set, alice):
    canon("Star Trek")
    response = client_for(alice).post(
        url("ficathon_signup", ficathon), answers(alice, r1_fandom="star trek")
    )
    assert "“Star Trek” is not in this exchange's fandom tags." in main_text(response)
    assert not SignUp.objects.exists()


def test_it_takes_any_in_place_of_a_count(during, ficathon, tag_set, alice):
    client_for(alice).post(
        url("ficathon_signup", ficathon), answers(alice, r1_character="", r1_character_any="on")
    )
    assert SignUpRequest.objects.get().any_types == [TagType.CHARACTER]


def test_it_changes_the_tags_until_close_and_keeps_them_after(during, ficathon, tag_set, alice):
    client = client_for(alice)
    client.post(url("ficathon_signup", ficathon), answers(alice))
    client.post(
        url("ficathon_signup", ficathon),
        answers(alice, r1_fandom="Firefly", r1_character="Kaylee Frye"),
    )
    request = SignUpRequest.objects.get()
    assert {t.name for t in request.tags.all()} == {"Firefly", "Kaylee Frye"}
    form = client.get(url("ficathon_signup", ficathon)).content.decode()
    assert 'value="Kaylee Frye"' in form
    with time_machine.travel(AFTER, tick=False):
        client.post(url("ficathon_signup", ficathon), answers(alice))
        page = main_text(client.get(url("ficathon_signup", ficathon)))
    assert "Fandom Firefly Character Kaylee Frye" in page
    assert {t.name for t in SignUpRequest.objects.get().tags.all()} == {"Firefly", "Kaylee Frye"}


def test_it_withdraws_a_tagged_sign_up(during, ficathon, tag_set, alice):
    client = client_for(alice)
    client.post(url("ficathon_signup", ficathon), answers(alice))
    client.post(url("ficathon_signup", ficathon), {"action": "withdraw"})
    assert not SignUp.objects.exists() and not SignUpRequest.objects.exists()


def test_it_puts_the_tags_in_the_csv(ficathon, tag_set, mod, alice):
    tagged_sign_up(
        ficathon,
        alice,
        wants=choice(fandom=["Firefly"], character=["Kaylee Frye"], letter="Engines!"),
        gives=choice(fandom=["Firefly"], any_types=[C], wont=[(F, "Firefly")]),
    )
    response = client_for(mod).get(url("ficathon_signups", ficathon) + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Tagged requests"] == "1. Fandom: Firefly; Character: Kaylee Frye"
    assert row["Letters"] == "1. Engines!"
    assert row["Tagged offer"] == "Fandom: Firefly; Character: any; Won't write: Firefly"


def test_it_shows_the_tags_on_the_sign_ups_page(ficathon, tag_set, mod, alice):
    tagged_sign_up(
        ficathon,
        alice,
        wants=choice(fandom=["Firefly"], character=["Kaylee Frye"]),
        gives=choice(fandom=["Firefly"], any_types=[C]),
    )
    page = main_text(client_for(mod).get(url("ficathon_signups", ficathon)))
    assert "Fandom Firefly Character Kaylee Frye" in page and "Character Any" in page


def test_it_lets_moderators_set_the_rules(ficathon, mod):
    client = client_for(mod)
    page = main_text(client.get(url("matching_rules", ficathon)))
    assert "Yuletide's convention" in page
    canon("Firefly")
    data = {"requests_min": 1, "requests_max": 2, "allow_mutual": ""}
    for tag_type in ["fandom", "character", "relationship", "freeform"]:
        data.update(
            {
                f"{tag_type}_{n}": v
                for n, v in [
                    ("tags", ""),
                    ("request_min", 0),
                    ("request_max", 3),
                    ("offer_min", 0),
                    ("offer_max", 5),
                    ("overlap", 0),
                ]
            }
        )
    data.update(fandom_tags="firefly", fandom_overlap=1)
    assert client.post(url("matching_rules", ficathon), data).status_code == 302
    rules = ficathon.exchange_rules
    assert rules.requests_max == 2 and not rules.allow_mutual
    fandoms = ficathon.exchange_tag_types.get(type=F)
    assert [t.name for t in fandoms.tags.all()] == ["Firefly"] and fandoms.overlap == 1
    data.update(character_request_min=4)
    response = client.post(url("matching_rules", ficathon), data)
    assert "A request can't need at least 4 characters but allow at most 3." in main_text(response)
    assert ficathon.exchange_tag_types.get(type=C).request_min == 0


def test_it_keeps_the_rules_from_everyone_but_moderators(ficathon, alice):
    assert client_for(alice).get(url("matching_rules", ficathon)).status_code == 403
    stranger = make_user("stranger2")
    assert client_for(stranger).post(url("matching_rules", ficathon), {}).status_code == 403


def test_it_offers_a_tagged_sign_up_without_notes_for_assignment_by_hand(
    after_close, ficathon, tag_set, mod, alice, bob
):
    for user in (alice, bob):
        tagged_sign_up(ficathon, user, requests="", offers="",
                       wants=choice(fandom=["Firefly"], character=["Kaylee Frye"]),
                       gives=choice(fandom=["Firefly"], any_types=[C]))  # fmt: skip
    page = main_text(client_for(mod).get(url("ficathon_assignments", ficathon)))
    assert "Still without a writer alice bob" in page


def test_it_takes_characters_wrangled_under_the_exchange_s_fandoms(during, ficathon, alice):
    set_rules(ficathon, tag_sets={F: ["Firefly"]}, character_with_fandoms=True)
    canon("Kaylee Frye", C).parents.add(canon("Firefly"))
    canon("Willow Rosenberg", C).parents.add(canon("Buffy the Vampire Slayer"))
    client = client_for(alice)
    data = answers(alice, r1_fandom="Firefly", r1_character="Willow Rosenberg", o_fandom="Firefly")
    response = client.post(url("ficathon_signup", ficathon), data)
    assert "“Willow Rosenberg” is not in this exchange's character tags." in main_text(response)
    data.update({"tags-r1_character": "Kaylee Frye"})
    assert client.post(url("ficathon_signup", ficathon), data).status_code == 302
    assert "Kaylee Frye" in {t.name for t in SignUpRequest.objects.get().tags.all()}
