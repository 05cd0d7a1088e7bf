"""The search box's language, read without a database."""

from ficfest.search.query import Group, Term, query_parse


def test_it_reads_words_phrases_exclusions_and_fields():
    query = query_parse('cemetery "at dusk" -vampire title:walk tag:"Buffy Summers"')
    assert query.groups == [
        Group((Term("cemetery"),)),
        Group((Term("at dusk"),)),
        Group((Term("vampire"),), negated=True),
        Group((Term("walk", "title"),)),
        Group((Term("Buffy Summers", "tags"),)),
    ]
    assert query.notes == []


def test_it_reads_or_as_alternatives():
    query = query_parse("rain OR snow dusk")
    assert query.groups == [Group((Term("rain"), Term("snow"))), Group((Term("dusk"),))]


def test_it_closes_an_unbalanced_quote_and_says_so():
    query = query_parse('"world below')
    assert query.groups == [Group((Term("world below"),))]
    assert "not closed" in query.notes[0]


def test_it_finds_nothing_to_look_for_in_operators_alone():
    query = query_parse('OR - "" -- : ()')
    assert query.empty
    assert "no words" in query.notes[0]


def test_it_cuts_a_very_long_query_and_says_so():
    query = query_parse("word " * 2000)
    assert len(query.groups) == 20
    assert any("longer than" in note for note in query.notes)


def test_it_keeps_backend_syntax_out_of_words():
    query = query_parse('NEAR(a b) "x" AND y* col:{z}')
    words = [t.text for g in query.groups for t in g.terms]
    assert all(ch not in "".join(words) for ch in '(){}*":')


def test_it_treats_an_unknown_field_as_words():
    assert query_parse("mood:sad").groups == [Group((Term("mood sad"),))]
