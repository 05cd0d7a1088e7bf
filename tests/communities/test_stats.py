"""A period's stats: totals, the leaderboard, the stat post, and the moderators' point rules."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from ficfest.communities.masterlists import stats_totals
from ficfest.communities.models import Anonymity, PointRule
from ficfest.communities.services.points import period_stats
from ficfest.works.services import Track
from tests.communities.factories import (
    add_member,
    make_challenge,
    make_fill,
    make_period,
    make_prompt,
)
from tests.factories import default_pseud, make_user, make_work
from tests.html import text


def words(n):
    return " ".join(["word"] * n)


def url(period, name="stats", *extra):
    challenge = period.challenge
    return reverse(name, args=[challenge.community.slug, challenge.slug, period.slug, *extra])


def board(stats):
    return [(row.name, row.fills, row.points, row.words) for row in stats.leaderboard]


def test_it_ranks_creators_by_points_then_name(period):
    amy, bob, cat = make_user("amy"), make_user("Bob"), make_user("cat")
    challenge = period.challenge
    PointRule.objects.create(challenge=challenge, form="fic", points=10)
    PointRule.objects.create(challenge=challenge, form="fanmix", points=25, label="mix")
    make_fill(make_work(cat, text=words(30)), challenge, period=period)
    make_fill(make_work(cat, text=words(20)), challenge, period=period)
    make_fill(make_work(bob, text=words(5)), challenge, period=period)
    make_fill(make_work(amy, form="fanmix", tracks=[Track(artist="a", title="b")]), challenge,
              period=period)  # fmt: skip
    make_fill(make_work(amy, text=words(3)), challenge, period=period)

    stats = period_stats(period, AnonymousUser())

    assert board(stats) == [("amy", 2, 35, 3), ("cat", 2, 20, 50), ("Bob", 1, 10, 5)]
    assert stats.leaderboard[0].summary == "1 mix, 1 fic"  # in posting order
    assert (stats.fills, stats.creators, stats.words, stats.points) == (5, 3, 58, 65)
    assert stats.by_form_text == "4 fics, 1 fanmix"


def test_it_sorts_equal_points_by_name_ignoring_case(period):
    challenge = period.challenge
    for name in ["zed", "Amy", "bea"]:
        make_fill(make_work(make_user(name)), challenge, period=period)
    assert [row.name for row in period_stats(period, AnonymousUser()).leaderboard] == [
        "Amy", "bea", "zed",
    ]  # fmt: skip


def test_it_gives_every_co_creator_the_fill(period, author, coauthor):
    from ficfest.works import services

    work = make_work(author, co_creators=[default_pseud(coauthor)])
    services.creatorship_answer(creatorship=work.creatorships.get(pseud__user=coauthor),
                                accept=True)  # fmt: skip
    make_fill(work, period.challenge, period=period)
    stats = period_stats(period, AnonymousUser())
    assert [row.name for row in stats.leaderboard] == ["author", "coauthor"]
    assert stats.fills == 1


def test_it_counts_the_most_filled_prompts(period, author):
    challenge = period.challenge
    once = make_prompt(period, "Once", release_at=timezone.now() - timedelta(hours=3))
    twice = make_prompt(period, "Twice")
    make_fill(make_work(author), challenge, period=period, prompts=[twice])
    make_fill(make_work(author), challenge, period=period, prompts=[twice, once])
    stats = period_stats(period, AnonymousUser())
    assert [(p.prompt.text, p.fills) for p in stats.top_prompts] == [("Twice", 2), ("Once", 1)]


# Anonymity


@pytest.fixture
def anonymous_period(community):
    challenge = make_challenge(community, slug="anon", anonymity=Anonymity.ANONYMOUS,
                               reveal_at=timezone.now() + timedelta(days=7))  # fmt: skip
    period = make_period(challenge, slug="round")
    writer, other = make_user("zeldaquill"), make_user("yorickpen")
    make_fill(make_work(writer, text=words(10)), challenge, period=period)
    make_fill(make_work(other, text=words(20)), challenge, period=period)
    make_fill(make_work(make_user("named"), text=words(1)), make_challenge(community), period=None)
    return period


def all_stats_surfaces(client, period):
    pages = [client.get(url(period)).content.decode()]
    pages += [client.get(url(period, "stats_export", fmt)).content.decode() for fmt in ["md", "dw"]]
    return "\n".join(pages)


def test_it_shows_hidden_creators_as_one_anonymous_row(anonymous_period):
    stats = period_stats(anonymous_period, AnonymousUser())
    assert board(stats) == [("Anonymous", 2, 2, 30)]
    assert stats_totals(stats)[0] == "2 fills by Anonymous: 30 words, 2 points."
    assert (stats.fills, stats.words, stats.creators, stats.anonymous_fills) == (2, 30, 0, 2)


def test_it_never_names_hidden_creators_in_stats_before_the_reveal(anonymous_period, client):
    surfaces = all_stats_surfaces(client, anonymous_period)
    assert "Anonymous" in surfaces
    assert "zeldaquill" not in surfaces and "yorickpen" not in surfaces
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        revealed = all_stats_surfaces(client, anonymous_period)
    assert "zeldaquill" in revealed and "yorickpen" in revealed
    assert "Anonymous" not in revealed


def test_it_shows_moderators_the_truth_but_keeps_the_stat_post_anonymous(
    anonymous_period, client, mod
):
    client.force_login(mod)
    page = client.get(url(anonymous_period)).content.decode()
    board_html, exports = page.split('id="exports-heading"')
    assert "zeldaquill" in board_html
    assert "zeldaquill" not in exports and "Anonymous" in exports
    for fmt in ["md", "dw"]:
        post = client.get(url(anonymous_period, "stats_export", fmt)).content.decode()
        assert "zeldaquill" not in post and "Anonymous" in post


def test_it_writes_the_stat_post_in_the_communitys_voice(period, client, settings):
    settings.SITE_URL = "https://fest.example.org"
    challenge = period.challenge
    PointRule.objects.create(challenge=challenge, form="fic", max_words=100, points=20,
                             label="drabble")  # fmt: skip
    writer = make_user("Nightowl_7")
    make_fill(make_work(writer, title="*One*", text=words(50)), challenge, period=period)

    md = client.get(url(period, "stats_export", "md"))
    dw = client.get(url(period, "stats_export", "dw"))

    assert md["Content-Type"] == "text/markdown; charset=utf-8"
    assert r"- 1 drabble by [Nightowl\_7](https://fest.example.org/" in md.content.decode()
    assert "(20 points)" in md.content.decode()
    assert "1 fill by 1 creator: 50 words, 20 points." in md.content.decode()
    assert dw["Content-Type"] == "text/plain; charset=utf-8"
    body = dw.content.decode()
    assert '<lj-cut text="Stats">' in body and "<lj user" not in body
    assert ">Nightowl_7</a> (20 points)</li>" in body and "1 drabble by" in body
    assert client.get(url(period, "stats_export", "html")).status_code == 404


def test_it_explains_the_default_of_one_point_a_fill(period, client):
    assert "Every fill earns 1 point" in text(client.get(url(period)).content.decode())


# Point rules


def post_rule(client, period, **data):
    fields = {"form": "", "min_words": "", "max_words": "", "points": "1", "label": "", "add": "1"}
    fields.update({k: str(v) for k, v in data.items()})
    return client.post(url(period), fields)


def test_it_lets_moderators_add_and_remove_point_rules(period, client, mod):
    client.force_login(mod)
    response = post_rule(client, period, form="fic", min_words=0, max_words=100, points=20,
                         label="drabble")  # fmt: skip
    assert response.status_code == 302
    rule = PointRule.objects.get(challenge=period.challenge)
    assert (rule.form, rule.min_words, rule.max_words, rule.points, rule.label) == (
        "fic", 0, 100, 20, "drabble",
    )  # fmt: skip
    client.post(url(period), {"remove": rule.pk})
    assert not PointRule.objects.exists()


def test_it_reads_an_empty_from_words_as_zero(period, client, mod):
    client.force_login(mod)
    post_rule(client, period, form="art", points=5)
    rule = PointRule.objects.get()
    assert (rule.form, rule.points, rule.min_words) == ("art", 5, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"min_words": 500, "max_words": 100}, "must be at least"),
        ({"form": "art", "max_words": 100}, "Only fic and meta have word counts"),
        ({"points": "lots"}, "Enter a whole number"),
        ({"points": 10**9}, "less than or equal to"),
        ({"min_words": -1}, "greater than or equal to 0"),
        ({"form": "opera"}, "Select a valid choice"),
    ],
)
def test_it_refuses_nonsense_rules_with_a_message(period, client, mod, data, message):
    client.force_login(mod)
    response = post_rule(client, period, **data)
    assert response.status_code == 200
    assert message in text(response.content.decode())
    assert not PointRule.objects.exists()


def test_it_refuses_a_second_rule_for_the_same_bracket(period, client, mod):
    client.force_login(mod)
    post_rule(client, period, form="fic", max_words=100, points=1)
    response = post_rule(client, period, form="fic", min_words=0, max_words=100, points=2)
    assert "already exists" in text(response.content.decode())
    assert PointRule.objects.count() == 1


def test_it_lets_only_moderators_change_point_rules(period, client, community):
    member = make_user("member")
    add_member(community, member)
    client.force_login(member)
    assert "Add a point rule" not in client.get(url(period)).content.decode()
    assert post_rule(client, period, points=3).status_code == 403
    rule = PointRule.objects.create(challenge=period.challenge, points=1)
    assert client.post(url(period), {"remove": rule.pk}).status_code == 403
    assert PointRule.objects.count() == 1
