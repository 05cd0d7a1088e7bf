from ficfest.importer.readers.text import read_markdown, read_text


def _texts(document):
    assert len(document.chapters) == 1
    return [block.text for block in document.chapters[0].blocks]


def test_it_parts_paragraphs_at_blank_lines():
    document = read_text("First para.\n\nSecond para.\n\n\n\nThird para.\n")
    assert document.format == "txt"
    assert document.markdown is False
    assert _texts(document) == ["First para.", "Second para.", "Third para."]
    assert all(block.html is None for block in document.chapters[0].blocks)


def test_it_keeps_single_newlines_inside_a_block():
    document = read_text("Roses are red,\nviolets are blue.\n\nThe end.")
    assert _texts(document) == ["Roses are red,\nviolets are blue.", "The end."]


def test_it_takes_whitespace_only_lines_for_blank_lines():
    document = read_text("One.\n   \t\nTwo.\n\u00a0\nThree.")
    assert _texts(document) == ["One.", "Two.", "Three."]


def test_it_drops_trailing_spaces_and_a_first_line_indent():
    document = read_text("    Indented first line   \nsecond line  \n\n\tTabbed.")
    assert _texts(document) == ["Indented first line\nsecond line", "Tabbed."]


def test_it_keeps_the_indent_of_continuation_lines():
    document = read_text("Summary: one\n    two")
    assert _texts(document) == ["Summary: one\n    two"]


def test_it_keeps_typography_as_written():
    text = "“Quoted,” she said… — and ‘left’."
    assert _texts(read_text(text)) == [text]


def test_it_reads_one_long_paragraph_per_line_when_there_is_no_blank_line():
    lines = [f"Paragraph {n} " + "with quite a lot of words in it " * 5 for n in range(4)]
    document = read_text("Title: X\n" + "\n".join(lines))
    assert _texts(document) == ["Title: X", *(line.rstrip() for line in lines)]


def test_it_keeps_a_hard_wrapped_text_without_blank_lines_whole():
    text = "\n".join(["A line wrapped at a sensible width, as mail was."] * 6)
    assert _texts(read_text(text)) == [text]


def test_it_reads_an_empty_text_as_no_blocks():
    assert _texts(read_text("\n\n  \n")) == []
    assert _texts(read_text("\n\nx\n")) == ["x"]


def test_it_reads_markdown_as_raw_paragraphs():
    document = read_markdown("# Title\n\nSome *emphasis*  \nand a hard break.\n\n- a\n- b\n")
    assert document.format == "md"
    assert document.markdown is True
    assert _texts(document) == ["# Title", "Some *emphasis*  \nand a hard break.", "- a\n- b"]


def test_it_keeps_a_fenced_code_block_with_blank_lines_together():
    text = "Before.\n\n```\ncode line\n\nmore code\n```\n\nAfter."
    assert _texts(read_markdown(text)) == [
        "Before.",
        "```\ncode line\n\nmore code\n```",
        "After.",
    ]


def test_it_keeps_an_unclosed_fence_to_the_end():
    assert _texts(read_markdown("~~~\none\n\ntwo")) == ["~~~\none\n\ntwo"]


def test_it_reads_front_matter_into_metadata():
    text = (
        "---\n"
        'title: "Lanterns: A Story"\n'
        "author: moth\n"
        "fandom: [BtVS, 'AtS']\n"
        "characters:\n"
        "  - Buffy\n"
        "  - Spike\n"
        "---\n\n"
        "Story.\n"
    )
    document = read_markdown(text)
    assert document.metadata == {
        "title": "Lanterns: A Story",
        "author": "moth",
        "fandom": "BtVS, AtS",
        "characters": "Buffy, Spike",
    }
    assert _texts(document) == ["Story."]


def test_it_reads_a_rule_later_in_the_text_as_markdown_not_front_matter():
    document = read_markdown("Story.\n\n---\n\nkey: value\n\n---\n")
    assert document.metadata == {}
    assert _texts(document) == ["Story.", "---", "key: value", "---"]
