"""What a header's values mean on a work: pure functions from the header's text to titles,
tags, ratings, notes and a language, each adding to a list of warnings what it had to change.

Whatever the header says that has no place of its own on a work (a disclaimer, an author's
note, "Beta:", a label nobody knows) goes into the work's notes as "Label: value" lines, with
the label as the file wrote it: nothing the creator wrote is dropped."""

import re
from collections.abc import Iterable
from html import unescape

from ficfest.importer.document import SourceDocument
from ficfest.importer.headers import Header, map_rating
from ficfest.lib.text import TextFormat
from ficfest.tags.models import TAG_NAME_MAX, TagType
from ficfest.works import services as works
from ficfest.works.models import NOTES_MAX, TITLE_MAX, ArchiveWarning, Category, Language, Rating

# Fandoms, characters and relationships are listed with commas or semicolons; never split on
# "/" or "&", which are part of a relationship's name.
_LIST_SEPARATORS = re.compile(r"\s*[,;]\s*")

# A trailing full stop is not part of a name, unless it ends an initial ("Draco M.").
_TRAILING_DOT = re.compile(r"(?<!\b[A-Z])\.+$|^\.+")

CREATOR_SEPARATORS = re.compile(r"\s*(?:[,;&]|\band\b)\s*", re.IGNORECASE)

_NOT_ALNUM = re.compile(r"[\W_]+")

# "A/N: …", "Author's Note: …": a header line as written, to recover the label it used.
_LABEL_LINE = re.compile(r"^[ \t]*([^:\n]{1,40}?)[ \t]*:[ \t]*(\S[^\n]*)$", re.MULTILINE)

# How far into a file a header can reach, in blocks.
_HEADER_BLOCKS = 60

TITLE_WORDS = 6

# Header fields that become the work's notes, in this order after the disclaimer; the label is
# the file's own when it can be found, else this one.
NOTE_LABELS = {
    "disclaimer": "Disclaimer", "notes": "Notes", "setting": "Setting", "spoilers": "Spoilers",
    "beta": "Beta", "feedback": "Feedback", "archive": "Archive",
}  # fmt: skip

# Header fields with a place of their own on the work (or, for the word count, recomputed).
_PLACED = {
    "title", "creators", "fandoms", "rating", "relationships", "characters", "warnings",
    "category", "genre", "summary", "prompt", "word_count", "tags", "freeforms",
    "additional_tags",
}  # fmt: skip

_FREEFORM_FIELDS = ("genre", "tags", "freeforms", "additional_tags")

_WARNINGS = {
    ArchiveWarning.NONE_APPLY: [
        "none", "no", "nowarnings", "nowarning", "noneapply", "noarchivewarningsapply", "na",
        "nothing",
    ],
    ArchiveWarning.MAJOR_CHARACTER_DEATH: [
        "majorcharacterdeath", "characterdeath", "death", "mcd", "majordeath",
    ],
    ArchiveWarning.VIOLENCE: ["graphicdepictionsofviolence", "violence", "graphicviolence"],
    ArchiveWarning.NON_CON: ["rapenoncon", "rape", "noncon", "nonconsensual", "nonconsensualsex"],
    ArchiveWarning.UNDERAGE: ["underagesex", "underage"],
    ArchiveWarning.CHOSE_NOT_TO_WARN: [
        "creatorchosenottousearchivewarnings", "chosenottowarn", "choosenottowarn",
        "chosenottousearchivewarnings", "choosenottousearchivewarnings", "cntw",
    ],
}  # fmt: skip

_ASIDE = re.compile(r"\s*[(\[][^)\]]*[)\]]")

WARNING_BY_KEY = {key: warning for warning, keys in _WARNINGS.items() for key in keys}

CATEGORY_BY_KEY = {_NOT_ALNUM.sub("", c.value.lower()): c.value for c in Category}


def prompt_reference(header: Header) -> tuple[str, str]:
    """(prompt, community) as the file names them; empty when it names none."""
    if header.prompt_ref is not None:
        return header.prompt_ref.prompt.strip(), header.prompt_ref.community.strip()
    return header.fields.get("prompt", "").strip(), ""


def work_title(
    written: str, prompt: str, chapters: list[works.ChapterText], warnings: list[str]
) -> tuple[str, bool]:
    title, derived = written.strip(), False
    if not title and prompt:
        title, derived = prompt, True
        warnings.append("No title: used the prompt as the title.")
    elif not title:
        title, derived = _first_words(chapters), True
        warnings.append("No title: used the first words of the story as the title.")
    if len(title) > TITLE_MAX:
        warnings.append(f"The title was longer than {TITLE_MAX} characters and was shortened.")
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    return " ".join(title.split()), derived


def _first_words(chapters: list[works.ChapterText]) -> str:
    words: list[str] = []
    for chapter in chapters:
        words += _visible_text(chapter).split()[: TITLE_WORDS - len(words)]
        if len(words) >= TITLE_WORDS:
            return " ".join(words).rstrip(",.;:!?…") + "…"
    return " ".join(words) or "Untitled"


_TAG_RE = re.compile(r"<[^>]*>")


def _visible_text(chapter: works.ChapterText) -> str:
    if chapter.text_format == TextFormat.HTML:
        return unescape(_TAG_RE.sub(" ", chapter.text))
    return chapter.text


def split_names(raw: str, separators: re.Pattern[str] = _LIST_SEPARATORS) -> list[str]:
    """A header's list -> distinct names in their order, spacing tidied."""
    names: list[str] = []
    seen: set[str] = set()
    for part in separators.split(raw):
        name = _TRAILING_DOT.sub("", " ".join(part.split()).strip(" "))
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def work_tags(values: dict[str, str], warnings: list[str]) -> tuple[works.WorkTags, list[str]]:
    """The work's typed tags, and the names too long to be tags (kept in the notes)."""
    archive_warnings, other_warnings = _archive_warnings(values.get("warnings"))
    categories, other_categories = _categories(values.get("category", ""))
    freeforms = other_categories + other_warnings
    for name in _FREEFORM_FIELDS:
        freeforms += split_names(values.get(name, ""))
    tags = works.WorkTags(
        fandoms=split_names(values.get("fandoms", "")), warnings=archive_warnings,
        categories=categories, relationships=split_names(values.get("relationships", "")),
        characters=split_names(values.get("characters", "")), freeforms=_distinct(freeforms),
    )  # fmt: skip
    return tags, _drop_overlong(tags, warnings)


def _distinct(names: Iterable[str]) -> list[str]:
    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(name.casefold(), name)
    return list(kept.values())


def _archive_warnings(raw: str | None) -> tuple[list[str], list[str]]:
    """AO3's archive warnings the header's warnings name, and the rest (kept as tags). With no
    warnings line, AO3's importer uses "Creator Chose Not To Use Archive Warnings"."""
    chosen: list[str] = []
    others: list[str] = []
    for part in split_names(raw or ""):
        warning = WARNING_BY_KEY.get(_NOT_ALNUM.sub("", part.casefold()))
        if warning is None:  # "Non-con (not graphic)": the warning, its wording kept as a tag
            plain = _NOT_ALNUM.sub("", _ASIDE.sub("", part).casefold())
            warning = WARNING_BY_KEY.get(plain) or WARNING_BY_KEY.get(plain.removeprefix("some"))
            others.append(part)
        if warning is not None and warning not in chosen:
            chosen.append(warning)
    if not chosen:
        chosen = [ArchiveWarning.CHOSE_NOT_TO_WARN]
    if len(chosen) > 1 and ArchiveWarning.NONE_APPLY in chosen:
        chosen.remove(ArchiveWarning.NONE_APPLY)
    return [str(w) for w in chosen], others


def _categories(raw: str) -> tuple[list[str], list[str]]:
    """AO3 categories (F/M, Gen, …) the header names, and the rest (kept as tags)."""
    chosen: list[str] = []
    others: list[str] = []
    for part in split_names(raw):
        category = CATEGORY_BY_KEY.get(_NOT_ALNUM.sub("", part.casefold()))
        (chosen if category else others).append(category or part)
    return _distinct(chosen), others


def _drop_overlong(tags: works.WorkTags, warnings: list[str]) -> list[str]:
    overlong: list[str] = []
    for tag_type, names in tags.by_type().items():
        for name in [n for n in names if len(n) > TAG_NAME_MAX]:
            names.remove(name)
            overlong.append(f"{TagType(tag_type).label}: {name}")
    if overlong:
        warnings.append(f"Tags can be at most {TAG_NAME_MAX} characters: {len(overlong)} "
                        "longer ones are kept in the notes instead.")  # fmt: skip
    return overlong


def work_rating(raw: str, warnings: list[str]) -> str:
    raw = raw.strip()
    if not raw:
        return Rating.NOT_RATED
    rating = map_rating(raw)
    if rating is None:
        warnings.append(f"Unknown rating “{raw}”: the work is Not Rated.")
        return Rating.NOT_RATED
    return rating


def work_notes(
    header: Header,
    original: SourceDocument,
    story: SourceDocument,
    overlong: list[str],
    warnings: list[str],
) -> str:
    """The disclaimer first, then the other note-like fields (in the header parser's field
    order), then labels nobody knows and overlong tags: "Label: value" each, the label as the
    file wrote it."""
    values = header.fields
    written = _written_labels(original, story)
    keys = ["disclaimer"] if "disclaimer" in values else []
    keys += [k for k in values if k != "disclaimer" and (k in NOTE_LABELS or k not in _PLACED)]
    lines = []
    for key in keys:
        value = values[key].strip()
        if value:
            label = written.get(_first_line(value)) or NOTE_LABELS.get(key) or _label_of(key)
            lines.append(f"{label}: {value}")
    lines += [f"{label}: {value.strip()}" for label, value in header.unknown
              if not _is_language(label, value) and not _is_stat(label)]  # fmt: skip
    lines += overlong
    return "\n\n".join(lines)


def fitted_notes(notes: str, warnings: list[str]) -> tuple[str, str]:
    """(notes, end notes): notes over the archive's limit go on, paragraph by paragraph, into
    the end notes; only what fits in neither is left over the limit (with a warning)."""
    if len(notes) <= NOTES_MAX:
        return notes, ""
    paragraphs = notes.split("\n\n")
    kept: list[str] = []
    size = 0
    while paragraphs and size + len(paragraphs[0]) + 2 * bool(kept) <= NOTES_MAX:
        size += len(paragraphs[0]) + 2 * bool(kept)
        kept.append(paragraphs.pop(0))
    if not kept:  # one paragraph longer than the limit: cut it at a line
        head = paragraphs[0][:NOTES_MAX].rpartition("\n")[0]
        head = head or paragraphs[0][:NOTES_MAX]
        kept, paragraphs[0] = [head], paragraphs[0][len(head) :].lstrip("\n")
    rest = "\n\n".join(paragraphs)
    warnings.append(f"The notes were over the archive's limit of {NOTES_MAX:,} characters: "
                    "the rest are the work's end notes.")  # fmt: skip
    return "\n\n".join(kept), checked_length(rest, "end notes", NOTES_MAX, warnings)


# AO3 writes a work's language by its name ("English", "Deutsch"); some files write the code.
_LANGUAGES = {label.lower(): code for code, label in Language.choices} | {
    code: code for code in Language.values
} | {"english": "en", "german": "de", "spanish": "es", "french": "fr", "italian": "it",
     "dutch": "nl", "polish": "pl", "portuguese": "pt", "russian": "ru", "finnish": "fi",
     "swedish": "sv", "thai": "th", "chinese": "zh", "japanese": "ja", "korean": "ko",
     # AO3's own names of its languages, as its downloads write them.
     "español": "es", "français": "fr", "italiano": "it", "português brasileiro": "pt",
     "português europeu": "pt", "polski": "pl", "русский": "ru", "suomi": "fi",
     "svenska": "sv", "nederlands": "nl", "中文-普通话 國語": "zh", "中文-广东话 粵語": "zh",
     "中文": "zh", "日本語": "ja", "한국어": "ko", "한국말": "ko", "ภาษาไทย": "th",
     "ไทย": "th"}  # fmt: skip
_LANGUAGE_PREFIX = re.compile(r"^(中文|português)\b")


def _language_code(value: str) -> str | None:
    key = " ".join(value.strip().lower().split())
    code = _LANGUAGES.get(key)
    if code is None and (prefix := _LANGUAGE_PREFIX.match(key)):  # 中文-… of any variety
        code = _LANGUAGES.get(prefix.group(1), _LANGUAGES.get(prefix.group(1) + " europeu"))
    return code


def _is_language(label: str, value: str) -> bool:
    """A language line the work records in its language field rather than in its notes."""
    return label.strip().lower() == "language" and _language_code(value) is not None


def work_language(header: Header) -> str:
    for label, value in header.unknown:
        if _is_language(label, value):
            return _language_code(value) or Language.EN
    return Language.EN


# An archive's figures about a work (an EPUB's title page, AO3's stats): read, not notes.
_STATS = frozenset((
    "status", "chapters", "published", "updated", "completed", "packaged", "reviews", "favs",
    "follows", "kudos", "hits", "bookmarks", "publisher", "original source", "story url",
    "date", "date published", "date updated", "date completed", "security",
))  # fmt: skip


def _is_stat(label: str) -> bool:
    return " ".join(label.replace("_", " ").lower().split()) in _STATS


_IN_PROGRESS = re.compile(
    r"^(?:in[\s-]*progress|wip|work in progress|incomplete|unfinished|ongoing|on[\s-]*hiatus"
    r"|hiatus|abandoned|updating)\b",
    re.I,
)
_CHAPTERS_OF = re.compile(r"^\s*(\d+)\s*/\s*(\d+|\?)\s*$")


def work_complete(header: Header) -> bool:
    """Finished unless the file says otherwise: "Status: In-Progress", "Chapters: 3/?" or
    "3/10"."""
    for label, value in [*header.unknown, *header.fields.items()]:
        key = label.strip().lower()
        if key == "status" and _IN_PROGRESS.match(value.strip()):
            return False
        chapters = _CHAPTERS_OF.match(value) if key == "chapters" else None
        if chapters and (chapters[2] == "?" or int(chapters[1]) < int(chapters[2])):
            return False
    return True


def _first_line(value: str) -> str:
    return value.strip().split("\n", 1)[0].strip()


def _label_of(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _written_labels(original: SourceDocument, story: SourceDocument) -> dict[str, str]:
    """The first line of each header value -> the label the file wrote before it."""
    if not original.chapters:
        return {}
    story_blocks = story.chapters[0].blocks if story.chapters else []
    story_start = story_blocks[0].text if story_blocks else None
    labels: dict[str, str] = {}
    for block in original.chapters[0].blocks[:_HEADER_BLOCKS]:
        if block.text == story_start:
            break
        for match in _LABEL_LINE.finditer(block.text):
            labels.setdefault(match[2].strip(), match[1].strip())
    return labels


def checked_length(text: str, what: str, limit: int, warnings: list[str]) -> str:
    if len(text) > limit:
        warnings.append(f"The {what} are {len(text):,} characters, over the archive's limit "
                        f"of {limit:,}: shorten them before editing the work.")  # fmt: skip
    return text
