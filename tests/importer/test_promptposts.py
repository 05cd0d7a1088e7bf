"""What a backup's posts and comments say: prompt posts, their prompts, the fills they hold."""

import pytest

from ficfest.importer.promptposts import (
    PostPrompt,
    is_prompt_post,
    linked_prompt,
    post_fills,
    post_prompts,
)
from ficfest.importer.readers.journal import (
    JournalComment,
    JournalEntry,
    export_comments,
    journal_date,
)
from ficfest.importer.readers.ljbackup import read_entry


def post(subject: str = "", event: str = "", tags: str = "", **fields) -> JournalEntry:
    return JournalEntry(itemid="1", subject=subject, event=event, eventtime="2009-01-01 10:00",
                        tags=tags, **fields)  # fmt: skip


def comment(cid: str, body: str, parent: str = "") -> JournalComment:
    return JournalComment(id=cid, parent=parent, user="x", subject="", body=body, date="")


@pytest.mark.parametrize(
    ("subject", "tags", "is_post"),
    [
        ("", "fic, prompts", True),
        ("", "mod post: prompts", True),
        ("", "prompt post", True),
        ("Week 12 prompts", "", True),
        ("Prompt post: rain", "", True),
        ("Fill for the week 12 prompts", "", False),
        ("Fic: Dusk (prompt: rain)", "fic", False),
    ],
)
def test_it_tells_prompt_posts_by_their_tags_or_subject(subject, tags, is_post):
    assert is_prompt_post(post(subject, tags=tags)) is is_post


def test_it_reads_a_posts_listed_lines_as_its_prompts():
    entry = post(event="Rules: be nice.\n\n1. Buffy, dusk\n2. Spike, the sea\n- Willow, rain")
    assert [p.text for p in post_prompts(entry)] == ["Buffy, dusk", "Spike, the sea",
                                                     "Willow, rain"]  # fmt: skip


def test_it_reads_a_memes_comments_as_its_prompts():
    entry = post(event="Leave prompts below.", comments=[
        comment("1", "Faith, bread"), comment("2", "Thanks!", parent="1"),
        comment("3", "Willow,\nrain"),
    ])  # fmt: skip
    assert [(p.text, p.comment_id) for p in post_prompts(entry)] == [
        ("Faith, bread", "1"), ("Willow,\nrain", "3"),
    ]  # fmt: skip


def test_it_finds_fills_deep_in_a_prompts_thread_and_not_chatter():
    fic = "Title: Loaf<br>Rating: G<br>Pairing: Faith/Buffy<br><br>Faith baked."
    entry = post(comments=[
        comment("1", "Faith, bread"), comment("2", "Ooh, yes", parent="1"),
        comment("3", fic, parent="2"), comment("4", "Title: Not a fic", parent="1"),
    ])  # fmt: skip
    fills = post_fills(entry, post_prompts(entry), {})
    assert [(f.prompt.text, f.comment.id if f.comment else "") for f in fills] == [
        ("Faith, bread", "3"),
    ]


def test_it_links_an_entry_to_the_thread_it_points_to():
    prompts = [PostPrompt("Faith, bread", "10"), PostPrompt("Willow, rain", "11")]
    meme = post(anum="7")  # its address: 1 * 256 + 7 = 263
    fill = post(event='For <a href="https://c.dreamwidth.org/263.html?thread=2823#t2823">this</a>')
    assert linked_prompt(fill, meme, prompts) == prompts[1]  # comment 11: 11 * 256 + 7


def test_it_links_an_entry_to_the_only_prompt_of_a_post():
    prompts = [PostPrompt("Faith, bread")]
    fill = post(event='A fill for <a href="https://c.livejournal.com/263.html">the meme</a>.')
    assert linked_prompt(fill, post(anum="7"), prompts) == prompts[0]
    assert linked_prompt(post(event="No link."), post(anum="7"), prompts) is None


def test_it_reads_an_entrys_line_breaks_as_the_site_showed_them():
    xml = (
        b"<event><itemid>1</itemid><eventtime>2009-01-01 10:00:00</eventtime>"
        b"<event>Rating: G\nPairing: A/B\n\nFirst.\nSecond line.</event></event>"
    )
    texts = [block.text for block in read_entry(xml).chapters[0].blocks]
    assert texts == ["Rating: G\nPairing: A/B", "First.\nSecond line."]


def test_it_reads_the_sites_comment_export_with_its_posters():
    xml = (
        b"<livejournal><comments>"
        b"<comment id='5' jitemid='2' posterid='9' parentid=''><body>Faith, bread</body>"
        b"<date>2010-01-01T10:00:00Z</date></comment>"
        b"<comment id='6' jitemid='2' posterid='9' parentid='5' state='D'></comment>"
        b"</comments><usermaps><usermap id='9' user='anya'/></usermaps></livejournal>"
    )
    found = export_comments(xml)
    assert found is not None
    [only] = found["2"]
    assert (only.id, only.user, only.date) == ("5", "anya", "2010-01-01 10:00:00")
    assert journal_date(only.date) is not None
