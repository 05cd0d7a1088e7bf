"""The search box's language, read into a small tree that each backend compiles.

What a reader types into a web search box: words (all must match), "quoted phrases", words or
phrases with a leading ``-`` to leave out, ``OR`` between alternatives, and the field terms
``title:``, ``creator:``, ``tag:`` and ``summary:`` (followed by a word or a quoted phrase).
Nothing here fails: an unbalanced quote closes at the end, stray operators are dropped, an
overlong query is cut, and every liberty taken is told to the reader in ``notes``.
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Longer queries are cut: no reader types more, and each term costs a look-up.
MAX_QUERY_CHARS = 500
MAX_TERMS = 20
FIELDS = {"title": "title", "creator": "creators", "tag": "tags", "summary": "summary"}
# What a reader may write instead (by, author, tags...).
FIELD_ALIASES = {"by": "creator", "author": "creator", "tags": "tag", "creators": "creator"}

# Letters of scripts written without spaces between words: a run of them is one "word" to a
# tokenizer, so they are matched as substrings (trigrams) instead.
_SPACELESS = re.compile(
    "[\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\u31f0-\u31ff\uff66-\uff9f]"  # Katakana extensions, half-width Katakana
)
_SPACELESS_RUN = re.compile(_SPACELESS.pattern + "+")

_TOKEN = re.compile(r'\s*(-?)(?:([A-Za-z]+):)?("[^"]*"?|\S+)')


@dataclass(frozen=True)
class Term:
    """A word or phrase (several words in order), in one field or (None) anywhere."""

    text: str
    field: str | None = None

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def spaceless(self) -> bool:
        return bool(_SPACELESS.search(self.text))


@dataclass(frozen=True)
class Group:
    """Alternatives (``a OR b``): a work matches a group when it matches one of its terms;
    a negated group (``-a``) leaves out the works that match it."""

    terms: tuple[Term, ...]
    negated: bool = False


@dataclass
class Query:
    groups: list[Group] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def positive(self) -> list[Group]:
        return [g for g in self.groups if not g.negated]

    @property
    def negative(self) -> list[Group]:
        return [g for g in self.groups if g.negated]

    @property
    def empty(self) -> bool:
        return not self.groups

    def words(self) -> list[str]:
        """Every word looked for (not left out), for highlighting."""
        return [w for g in self.positive for t in g.terms for w in t.words]


def spaceless_runs(text: str) -> str:
    """The runs of letters of scripts without spaces in ``text``, one to a line: what the
    substring index holds (Latin text leaves nothing, so it costs nothing there)."""
    if text.isascii():  # most text, checked far faster than by the expression
        return ""
    return "\n".join(_SPACELESS_RUN.findall(text))


def _clean(text: str) -> str:
    """Words as the index sees them: punctuation other than inner apostrophes and hyphens is
    a space, so no operator of a backend's own syntax ever reaches it."""
    text = unicodedata.normalize("NFKC", text)
    kept = [ch if ch.isalnum() or ch in "'’-" else " " for ch in text]
    words = ["".join(kept).replace("’", "'")]
    return " ".join(w.strip("'-") for w in words[0].split() if w.strip("'-"))


class _Reader:
    def __init__(self, text: str) -> None:
        self.query = Query()
        self.text = text
        self.pending_or = False

    def read(self) -> Query:
        text = self.text
        if len(text) > MAX_QUERY_CHARS:
            text = text[:MAX_QUERY_CHARS]
            self.query.notes.append(
                f"Your search was longer than {MAX_QUERY_CHARS} characters; only the first "
                f"{MAX_QUERY_CHARS} were used."
            )
        if text.count('"') % 2:
            self.query.notes.append("A quotation mark was not closed; the phrase ends at the end.")
        for match in _TOKEN.finditer(text):
            self._token(match.group(1) == "-", match.group(2), match.group(3))
        if len(self.query.groups) > MAX_TERMS:
            del self.query.groups[MAX_TERMS:]
            self.query.notes.append(f"Only the first {MAX_TERMS} terms of your search were used.")
        return self.query

    def _token(self, negated: bool, field_name: str | None, body: str) -> None:
        if body == "OR" and not negated and field_name is None:
            self.pending_or = bool(self.query.groups) and not self.query.groups[-1].negated
            return
        field_key = self._field(field_name)
        if field_name and field_key is None:
            body = f"{field_name} {body}"  # "mood:sad" is two words when mood is no field
        text = _clean(body.strip('"'))
        if not text:
            return  # only punctuation or operators: nothing to look for
        # A quoted phrase, or a bare word that cleans into several ("well-being"), is
        # matched as its words in order.
        self._add(Term(text, FIELDS[field_key] if field_key else None), negated)

    def _field(self, name: str | None) -> str | None:
        if name is None:
            return None
        lowered = name.lower()
        lowered = FIELD_ALIASES.get(lowered, lowered)
        return lowered if lowered in FIELDS else None

    def _add(self, term: Term, negated: bool) -> None:
        groups = self.query.groups
        if self.pending_or and not negated:
            groups[-1] = Group((*groups[-1].terms, term))
        else:
            groups.append(Group((term,), negated))
        self.pending_or = False


def query_parse(text: str) -> Query:
    """The query a search box's text asks for; empty when there is nothing to look for."""
    query = _Reader(text or "").read()
    if not query.groups and (text or "").strip():
        query.notes.append(
            "Your search had no words to look for (only punctuation or operators); "
            "showing everything instead."
        )
    return query
