"""Points per fill: the most specific rule wins; no rules at all means 1 point a fill."""

from ficfest.communities.models import Fill, PointRule
from ficfest.communities.services.points import fill_points, kind_phrase, matching_rule
from ficfest.works.models import Work


def fill(form="fic", words=0):
    return Fill(work=Work(form=form, word_count=words))


def rule(points, form="", low=0, high=None, label="", pk=None):
    return PointRule(pk=pk, form=form, min_words=low, max_words=high, points=points, label=label)


def test_it_gives_one_point_a_fill_when_the_challenge_has_no_rules():
    assert fill_points(fill("fic", 500), []) == 1
    assert fill_points(fill("art"), []) == 1


def test_it_gives_no_points_when_no_rule_fits():
    assert fill_points(fill("fic", 5000), [rule(10, "fic", 0, 1000)]) == 0
    assert fill_points(fill("vid"), [rule(10, "fic")]) == 0
    assert fill_points(fill("fic", 500), [rule(10, "fic", 0, 1000)]) == 10


def test_it_prefers_a_rule_for_the_fills_form_to_a_rule_for_any_form():
    rules = [rule(1), rule(5, "art"), rule(3, "fic")]
    assert fill_points(fill("art"), rules) == 5
    assert fill_points(fill("fic", 100), rules) == 3
    assert fill_points(fill("fanmix"), rules) == 1


def test_it_prefers_the_form_rule_even_when_an_any_form_bracket_starts_higher():
    rules = [rule(2, "fic", 0, None), rule(9, "", 500, None)]
    assert fill_points(fill("fic", 800), rules) == 2


def test_it_picks_the_word_bracket_that_starts_highest():
    rules = [rule(10, "fic", 0, 100, "drabble"), rule(20, "fic", 101, 1000), rule(5, "fic", 0)]
    assert fill_points(fill("fic", 100), rules) == 10  # 0–100 and 0–∞ fit: the narrower one
    assert fill_points(fill("fic", 101), rules) == 20
    assert fill_points(fill("fic", 1000), rules) == 20
    assert fill_points(fill("fic", 1001), rules) == 5


def test_it_counts_both_ends_of_a_bracket_as_inside():
    rules = [rule(7, "meta", 100, 200)]
    assert [fill_points(fill("meta", w), rules) for w in [99, 100, 200, 201]] == [0, 7, 7, 0]


def test_it_matches_forms_without_words_to_rules_whose_bracket_starts_at_zero():
    rules = [rule(4, "", 0, 100), rule(8, "", 50, None)]
    assert fill_points(fill("picspam"), rules) == 4
    assert fill_points(fill("vid"), [rule(6, "vid", 10)]) == 0


def test_it_prefers_an_unbounded_rule_for_forms_without_words():
    rules = [rule(4, "", 0, 100, pk=1), rule(2, "", 0, None, pk=2)]
    assert fill_points(fill("art"), rules) == 2


def test_it_breaks_remaining_ties_by_the_rule_added_first():
    rules = [rule(3, "fic", 0, None, pk=2), rule(4, "fic", 0, None, pk=1)]
    assert fill_points(fill("fic", 10), rules) == 4


def test_it_names_fills_by_their_rules_label_or_their_form():
    rules = [rule(10, "fic", 0, 100, "drabble")]
    assert matching_rule(Work(form="fic", word_count=50), rules).label == "drabble"
    assert kind_phrase("fic", 1) == "1 fic"
    assert kind_phrase("fanmix", 2) == "2 fanmixes"
    assert kind_phrase("Gargoyle recruited", 1) == "1 Gargoyle recruited"
