import pytest
from django.core import mail

from ficfest.exchanges.models import Assignment, MatchExclusion, ProposedMatch
from tests.communities.factories import make_member
from tests.exchanges.factories import sign_up, url
from tests.exchanges.tagged import C, F, canon, choice, set_rules, tagged_sign_up
from tests.factories import client_for
from tests.html import main, main_text

BUFFY, FIREFLY = "Buffy the Vampire Slayer", "Firefly"
# Who asks for what (fandom, character) and offers which fandom (any of its characters).
PEOPLE = [
    ("alice", BUFFY, "Willow Rosenberg", [BUFFY, FIREFLY]),
    ("bob", FIREFLY, "Kaylee Frye", [BUFFY]),
    ("carol", BUFFY, "Rupert Giles", [FIREFLY]),
    ("dan", FIREFLY, "Malcolm Reynolds", [BUFFY]),
    ("erin", BUFFY, "Willow Rosenberg", [FIREFLY]),
    ("fay", FIREFLY, "Kaylee Frye", [BUFFY]),
]


@pytest.fixture
def six(ficathon, community):
    set_rules(ficathon, tag_sets={F: [BUFFY, FIREFLY, "Doctor Who"]})
    return {
        name: tagged_sign_up(
            ficathon,
            make_member(community, name),
            wants=choice(fandom=[fandom], character=[character]),
            gives=choice(fandom=offers, any_types=[C]),
        )
        for name, fandom, character, offers in PEOPLE
    }


def act(client, ficathon, action, **data):
    return client.post(url("ficathon_matching", ficathon), {"action": action, **data})


def pairs():
    return {
        p.giver.user.username: p.recipient.user.username
        for p in ProposedMatch.objects.select_related("giver__user", "recipient__user")
    }


def wants(name):
    return next(fandom for who, fandom, _, _ in PEOPLE if who == name)


def fits(giver, recipient):
    offers = next(o for who, _, _, o in PEOPLE if who == giver)
    return giver != recipient and wants(recipient) in offers


def test_it_proposes_a_pair_for_everyone_with_the_shared_tags_marked(
    after_close, ficathon, mod, six
):
    client = client_for(mod)
    response = act(client, ficathon, "run")
    assert response.status_code == 302 and response.url.endswith("#matching")
    proposed = pairs()
    assert sorted(proposed) == sorted(proposed.values()) == sorted(six)
    assert all(fits(g, r) for g, r in proposed.items())
    page = client.get(response.url)
    assert "Everyone is matched" in main_text(page)
    assert '<mark class="shared" title="Shared">Willow Rosenberg</mark>' in main(
        page.content.decode()
    )
    assert "Incompatible" not in main_text(page)


def test_it_sends_the_proposed_pairs_as_assignments(
    after_close, ficathon, mod, six, django_capture_on_commit_callbacks
):
    client = client_for(mod)
    act(client, ficathon, "run")
    with django_capture_on_commit_callbacks(execute=True):
        act(client, ficathon, "send")
    made = {a.giver.user.username: a.recipient.user.username for a in Assignment.objects.all()}
    assert made == {**made, **pairs()} and len(made) == 6
    assert not ProposedMatch.objects.exists()
    assert len(mail.outbox) == 6 and all(a.sent_at for a in Assignment.objects.all())


def test_it_swaps_two_recipients_and_locks_both_pairs(after_close, ficathon, mod, six):
    client = client_for(mod)
    act(client, ficathon, "run")
    before = pairs()
    first = ProposedMatch.objects.get(giver=six["bob"])
    response = act(client, ficathon, "swap", proposal=first.pk, giver=six["dan"].pk)
    after = pairs()
    assert after["dan"] == before["bob"] and after["bob"] == before["dan"]
    assert ProposedMatch.objects.filter(locked=True).count() == 2
    assert "Swapped and locked" in main_text(client.get(response.url))


def test_it_refuses_a_swap_that_has_someone_write_for_themselves(after_close, ficathon, mod, six):
    client = client_for(mod)
    act(client, ficathon, "run")
    before = pairs()
    giver = next(g for g, r in before.items() if r == "bob")  # bob's writer
    proposal = ProposedMatch.objects.get(giver__user__username=giver)
    response = act(client, ficathon, "swap", proposal=proposal.pk, giver=six["bob"].pk)
    assert pairs() == before
    assert "would have bob write for themselves: nothing was changed" in main_text(
        client.get(response.url)
    )


def test_it_warns_on_a_pair_the_rules_would_not_make(after_close, ficathon, mod, six):
    client = client_for(mod)
    act(client, ficathon, "run")
    # carol offers only Firefly; erin asks for Buffy.
    carols = ProposedMatch.objects.get(giver=six["carol"])
    erins = ProposedMatch.objects.get(recipient=six["erin"])
    act(client, ficathon, "swap", proposal=erins.pk, giver=six["carol"].pk)
    assert pairs()["carol"] == "erin"
    page = main_text(client.get(url("ficathon_assignments", ficathon)))
    assert "Incompatible:" in page
    assert carols.pk  # carol's old recipient went to erin's old writer


def test_it_keeps_locked_pairs_and_reruns_for_the_rest(after_close, ficathon, mod, six):
    client = client_for(mod)
    act(client, ficathon, "run")
    kept = ProposedMatch.objects.get(giver=six["alice"])
    act(client, ficathon, "lock", proposal=kept.pk, locked="1")
    removed = ProposedMatch.objects.get(giver=six["bob"])
    act(client, ficathon, "remove", proposal=removed.pk)
    assert "bob" not in pairs()
    act(client, ficathon, "run")
    after = ProposedMatch.objects.get(giver=six["alice"])
    assert after.recipient_id == kept.recipient_id and after.locked
    assert len(pairs()) == 6


def test_it_says_who_cannot_be_matched_and_offers_the_best_partial(
    after_close, ficathon, community, mod, six
):
    tagged_sign_up(
        ficathon,
        make_member(community, "gina"),
        wants=choice(fandom=["Doctor Who"], character=["Rose Tyler"]),
        gives=choice(fandom=[BUFFY], any_types=[C]),
    )
    client = client_for(mod)
    response = act(client, ficathon, "run")
    page = main_text(client.get(response.url))
    assert "No complete assignment exists" in page
    assert "gina : nobody can write for them (Nobody offers Doctor Who" in page
    assert len(pairs()) >= 6


def test_it_never_pairs_excluded_participants(after_close, ficathon, mod, six):
    client = client_for(mod)
    for name in ["bob", "dan", "fay"]:  # alice may write for nobody who offers her Buffy
        act(client, ficathon, "exclude", first=six["alice"].pk, second=six[name].pk)
    assert MatchExclusion.objects.count() == 3
    act(client, ficathon, "run")
    assert "alice" not in pairs().values()
    page = main_text(client.get(url("ficathon_assignments", ficathon)))
    assert "alice and bob Allow again" in page
    exclusion = MatchExclusion.objects.first()
    act(client, ficathon, "include", exclusion=exclusion.pk)
    assert MatchExclusion.objects.count() == 2


def test_it_warns_when_a_hand_assignment_breaks_the_rules(after_close, ficathon, mod, six):
    client = client_for(mod)
    data = {
        "action": "assign",
        "assign-giver": six["carol"].pk,
        "assign-recipient": six["alice"].pk,
        "assign-due_at": "",
    }
    response = client.post(url("ficathon_assignments", ficathon), data)
    page = main_text(client.get(response.url))
    assert "carol now writes for alice." in page
    assert "This pair breaks the exchange's matching rules" in page
    assert "Breaks the matching rules" in page
    assert Assignment.objects.count() == 1


def test_it_never_gives_a_won_t_write_tag_to_its_writer(after_close, ficathon, community, mod):
    set_rules(ficathon, tag_sets={F: [BUFFY, FIREFLY]})
    kay = tagged_sign_up(
        ficathon,
        make_member(community, "kay"),
        wants=choice(fandom=[BUFFY], any_types=[C]),
        gives=choice(any_types=[F, C], wont=[(F, FIREFLY)]),
    )
    wash = tagged_sign_up(
        ficathon,
        make_member(community, "wash"),
        wants=choice(fandom=[FIREFLY], any_types=[C]),
        gives=choice(fandom=[BUFFY], any_types=[C]),
    )
    act(client_for(mod), ficathon, "run")
    assert not ProposedMatch.objects.filter(giver=kay, recipient=wash).exists()
    assert canon(FIREFLY).pk in {t.pk for t in kay.tagged_offer.wont_write_tags.all()}


def test_it_matches_only_once_sign_ups_close(during, ficathon, mod, six):
    client = client_for(mod)
    response = act(client, ficathon, "run")
    assert "Assignments can be made once sign-ups have closed." in main_text(
        client.get(response.url)
    )
    assert not ProposedMatch.objects.exists()


def test_it_keeps_matching_from_everyone_but_moderators(after_close, ficathon, six):
    client = client_for(six["alice"].user)
    assert act(client, ficathon, "run").status_code == 403
    assert act(client, ficathon, "send").status_code == 403
    assert not ProposedMatch.objects.exists()


def test_it_makes_no_mutual_pairs_when_the_rules_say_so(after_close, ficathon, mod, six):
    set_rules(ficathon, tag_sets={F: [BUFFY, FIREFLY, "Doctor Who"]}, allow_mutual=False)
    act(client_for(mod), ficathon, "run")
    proposed = pairs()
    assert len(proposed) == 6
    assert not [g for g, r in proposed.items() if proposed[r] == g]


def test_it_sends_nothing_when_one_pair_clashes_with_a_hand_assignment(
    after_close, ficathon, mod, six
):
    client = client_for(mod)
    act(client, ficathon, "run")
    # Carol is given Alice by hand: two proposed pairs now clash with that assignment.
    data = {"action": "assign", "assign-giver": six["carol"].pk,
            "assign-recipient": six["alice"].pk, "assign-due_at": ""}  # fmt: skip
    client.post(url("ficathon_assignments", ficathon), data)
    response = act(client, ficathon, "send")
    page = main_text(client.get(response.url))
    assert "Nothing was sent." in page
    assert "already has someone writing for them" in page or "already has an assignment" in page
    assert Assignment.objects.count() == 1 and ProposedMatch.objects.count() == 6
    assert not mail.outbox


def test_it_gives_nobody_a_second_assignment_when_rerun(after_close, ficathon, community, mod,
                                                        six):  # fmt: skip
    zed = sign_up(ficathon, make_member(community, "zed"), requests="Anything at all")
    client = client_for(mod)
    data = {"action": "assign", "assign-giver": six["carol"].pk,
            "assign-recipient": zed.pk, "assign-due_at": ""}  # fmt: skip
    client.post(url("ficathon_assignments", ficathon), data)
    response = act(client, ficathon, "run")
    assert "carol" not in pairs() and len(pairs()) == 5
    page = main_text(client.get(response.url))
    assert "carol : they can write for nobody left" not in page
    assert "No complete assignment exists" in page
