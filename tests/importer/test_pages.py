"""Journal and archive pages: the poster, the subject, the site's chrome, a head left open,
and prompt references that are not."""

from ficfest.importer.headers import Header, split_header
from ficfest.importer.labels import map_rating, parse_line
from ficfest.importer.prompts import PromptRef, find_prompt_reference
from ficfest.importer.readers.chrome import clean_subject
from ficfest.importer.readers.html import read_html
from ficfest.importer.readers.text import read_markdown, read_text
from ficfest.importer.services.fields import (
    fitted_notes,
    work_complete,
    work_language,
    work_tags,
)

_DW = """<html><body><div class="entry-wrapper poster-mina journal-fagends">
<h3 class="entry-title"><a>{subject}</a></h3><div class="entry-content">{body}</div>
</div><div class="comment-wrapper poster-someone">nice!</div></body></html>"""


def _texts(document):
    return [block.text for chapter in document.chapters for block in chapter.blocks]


def test_it_credits_a_dreamwidth_entry_to_its_poster():
    document = read_html(_DW.format(subject="Fic: Night", body="<p>Story.</p>"))
    assert document.metadata["author"] == "mina"
    assert document.metadata["title"] == "Night"


def test_it_credits_a_livejournal_entry_to_the_last_user_before_it():
    page = (
        '<span lj:user="mina">mina</span> wrote,<article class="b-singlepost-body">'
        "<p>Story.</p></article>"
    )
    assert read_html(page).metadata["author"] == "mina"


def test_it_strips_fandom_and_form_prefixes_from_a_subject():
    assert clean_subject("Idol RPF: Extra Credit (Adam/Kris)") == "Extra Credit"
    assert clean_subject("BtVS Double Drabble: Faith") == "Faith"
    assert clean_subject("(Fic) His Heart") == "His Heart"
    assert clean_subject("SPN fic: Repave; Dean/Sister, Sam; R") == "Repave"
    assert clean_subject("Just a title") == "Just a title"


def test_it_drops_currents_and_crosspost_footers():
    body = (
        "Title: Night<br>Fandom: BtVS<br><br><table><tr><td>My mood:</td><td>curious</td>"
        "</tr></table>First paragraph.<br><br>Last paragraph.<br><br>This entry was "
        "originally posted at <a href='x'>x</a>. Please comment there using OpenID."
    )
    document = read_html(_DW.format(subject="Night", body=body))
    texts = _texts(document)
    assert "First paragraph." in texts
    assert texts[-1] == "Last paragraph."
    assert not any("mood" in text for text in texts)


def test_it_ends_a_head_left_open_at_the_first_story_element():
    page = (
        "<html><head><style>a { color: navy; }</style><center><b>Inertia</b></center><br>"
        "<center>by Brown Betty</center><br>Story begins.<br><br>It ends.<center>This "
        "story archived at: The Archive</center></html>"
    )
    header, story = split_header(read_html(page))
    assert header.fields["title"] == "Inertia"
    assert header.fields["creators"] == "Brown Betty"
    assert _texts(story) == ["Story begins.", "It ends."]


def test_it_reads_no_community_in_a_challenge_a_story_mentions():
    text = "It probably doesn't even meet minimum word count for a fic challenge."
    assert find_prompt_reference(text) is None


def test_it_reads_a_gift_exchange_line():
    ref = find_prompt_reference("Written for BetaReject in the Yuletide 2008 Challenge")
    assert ref == PromptRef(community="Yuletide 2008", prompt="")


def test_it_leaves_praise_out_of_a_challenge_name():
    ref = find_prompt_reference("Written for the amazing queenbitchfest challenge! \\o/")
    assert ref == PromptRef(community="queenbitchfest", prompt="")


def _header(**unknown: str) -> Header:
    return Header(unknown=list(unknown.items()))


def test_it_reads_a_work_in_progress_from_its_status_or_chapters():
    assert work_complete(_header(Status="In-Progress")) is False
    assert work_complete(_header(Chapters="3/?")) is False
    assert work_complete(_header(Chapters="3/10")) is False
    assert work_complete(_header(Chapters="13/13", Status="Completed")) is True
    assert work_complete(_header()) is True


def test_it_maps_ao3_language_names():
    assert work_language(_header(Language="中文-普通话 國語")) == "zh"
    assert work_language(_header(Language="Español")) == "es"
    assert work_language(_header(Language="Русский")) == "ru"


def test_it_reads_french_labels_and_fanfiction_net_ratings():
    assert parse_line("Note\u00a0: une note").kind == "notes"
    assert map_rating("Fiction M") == "mature"


def test_it_reads_yaml_front_matter_with_lists_and_comments():
    document = read_markdown(
        '---\ntitle: "a life"\nfandom: [Genshin Impact] # comma separated\n'
        "tags:\n  - Fluff\n  - Pining\ncontent_rating: Teen and Up\nstatus: In Progress\n"
        "date: 2021-01-21\n---\n\nThe story.\n"
    )
    header, _ = split_header(document)
    assert header.fields["title"] == "a life"
    assert header.fields["fandoms"] == "Genshin Impact"
    assert header.fields["tags"] == "Fluff, Pining"
    assert map_rating(header.fields["rating"]) == "teen"
    assert work_complete(header) is False


def test_it_reads_front_matter_that_is_no_yaml_line_by_line():
    document = read_markdown("---\ntitle: A: B: [x\nfandom: Test\n---\n\nThe story.\n")
    assert document.metadata["fandom"] == "Test"


def _split_text(text):
    header, story = split_header(read_text(text))
    return header, _texts(story)


def test_it_finds_a_header_below_an_intro_and_keeps_the_intro_as_a_note():
    header, story = _split_text(
        "It's my posting day, and here it is at last.\n\nTitle: Night\nFandom: BtVS\n\n"
        "Night\n\nThe story."
    )
    assert header.fields["title"] == "Night"
    assert header.fields["notes"] == "It's my posting day, and here it is at last."
    assert story == ["The story."]


def test_it_drops_a_site_menu_above_a_header():
    header, story = _split_text(
        "Home\n\nQuicksearch\nRandom Story\n\nCommonplaces\n\nFandom: Holmes\n"
        "Written for: Reject in the Yuletide 2008 Challenge\nby astolat\n\n"
        "With many thanks to Cesca for brainstorming and to Terri for beta!\n\nThe story."
    )
    assert header.fields["title"] == "Commonplaces"
    assert header.fields["creators"] == "astolat"
    assert header.fields["notes"].startswith("With many thanks to Cesca")
    assert header.prompt_ref == PromptRef(community="Yuletide 2008", prompt="")
    assert story == ["The story."]


def test_it_moves_the_notes_after_an_end_mark_to_the_notes():
    header, story = _split_text("Title: Night\n\nThe story.\n\n= End =\n\nThanks to Merry!")
    assert story == ["The story.", "= End ="]
    assert header.fields["notes"] == "Thanks to Merry!"


def test_it_keeps_a_story_that_only_seems_to_start_with_a_byline():
    header, story = _split_text("Title: Dusk\nRating: G\n\nBy the sea, the wind rose.")
    assert "creators" not in header.fields
    assert story == ["By the sea, the wind rose."]


def test_it_maps_everyday_warning_wording_and_keeps_it_as_a_tag():
    tags, _ = work_tags(
        {"warnings": "Non-con (not graphic but potentially triggery); implied incest"}, []
    )
    assert tags.warnings == ["Rape/Non-Con"]
    assert "Non-con (not graphic but potentially triggery)" in tags.freeforms
    assert "implied incest" in tags.freeforms


def test_it_fits_notes_over_the_limit_by_paragraphs():
    warnings: list[str] = []
    paragraphs = [f"Note {n}: " + "x" * 900 for n in range(8)]
    notes, end_notes = fitted_notes("\n\n".join(paragraphs), warnings)
    assert notes == "\n\n".join(paragraphs[:5])
    assert end_notes == "\n\n".join(paragraphs[5:])
    assert fitted_notes("Short.", []) == ("Short.", "")


def test_it_reads_a_teaser_posts_bare_header():
    header, story = _split_text(
        "did I write college au for a library sex prompt? yes I did. :[\n\n"
        'Extra Credit (2500 words)\nAdam/Kris, adult, explicit\n\n"Megan!" Kris said.'
    )
    assert header.fields["title"] == "Extra Credit"
    assert header.fields["relationships"] == "Adam/Kris"
    assert map_rating(header.fields["rating"]) == "explicit"
    assert header.fields["notes"].startswith("did I write college au")
    assert story == ['"Megan!" Kris said.']


def test_it_rates_a_rating_range_as_its_highest():
    assert map_rating("PG-13/R") == "mature"
    assert map_rating("NC17") == "explicit"
    assert map_rating("G/whatever") is None
