"""Prompt references in free text: which community's prompt a story was written for.

Fandom says it many ways, usually in an author's note. The forms read (case-insensitive,
straight or curly quotes, « », 「 」, and "fill"/"written"/"posted"/"in response to"… as verb):

- ``Fill for the Fag End prompt: "From the world below…"`` -> (Fag End, From the world below…)
- ``Written for X's prompt: Y`` / ``for X's prompt Y`` / ``for the X challenge: Y`` /
  ``Fill for X, prompt Y`` / ``Fill for X, prompt 42: Y``
- ``Written for the prompt "Y" at X`` -> (X, Y)
- ``Written for the X challenge at Y`` -> (Y, X): the challenge's name is the prompt
- ``X prompt: Y`` / ``X prompt #12: Y`` / ``X #12: "Y"`` -> (X, Y)
- ``Prompt: Y`` / ``Prompt #12: Y`` / ``The prompt was "Y"`` -> ("", Y)
- ``Written for the X challenge`` / ``… ficathon`` / ``… fest`` / ``… community`` -> (X, "")

A quoted prompt is taken exactly inside its quotes; an unquoted one runs to the end of the
line (an unbalanced closing parenthesis dropped). The community is as written, without "the"
and a trailing "community"/"comm"/"challenge" word; matching it against communities and
prompts is done on ``community_key``/``prompt_key``.
"""

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class PromptRef:
    community: str  # "" when the text names only a prompt
    prompt: str  # "" when the text names only a community or challenge


# A prompt in quotes (each kind closed by its partner), else the rest of the line.
_QUOTED = (
    r"(?:\"(?P<q1>[^\"\n]+)\""
    r"|“(?P<q2>[^”“\n]+)[”“]"
    r"|‘(?P<q3>[^\n]+?)’(?=[\s.,;:!?)\]]|$)"
    r"|'(?P<q4>[^\n]+?)'(?=[\s.,;:!?)\]]|$)"
    r"|«\s*(?P<q5>[^»\n]+?)\s*»"
    r"|「(?P<q6>[^」\n]+)」"
    r"|„(?P<q7>[^“”\n]+)[“”])"
)
_PROMPT = rf"(?:{_QUOTED}|(?P<bare>[^\s\"“”‘’'«「„][^\n]*))"
# "for a fic challenge", "for my prompt": no community is named.
_NOT_A_NAME = (
    r"(?!(?:a|an|my|this|that|your|his|her|their|our|some|one)\s"
    r"|the\s+(?:prompt|challenge)\b)"
)
_NAME = rf"{_NOT_A_NAME}(?P<community>[^\n\"“”:;,.!?()\[\]]{{1,80}}?)"
# Without a verb before it, a community is a capitalised name or an LJ name (fag_ends).
_NAME_WORD = r"(?:[A-Z0-9][\w'’&/+-]*|[a-z0-9]+_\w+)"
_CAPITALISED_NAME = (
    rf"(?-i:(?P<community>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|of|the|and|in|on|at)){{0,6}}))"
)
_THE = r"(?:the\s+)?"
_NUMBER = r"(?:\s*(?:#|no\.?|number)?\s*\d+)?"
# What comes between "prompt" and the prompt: a colon or dash, "was"/"is", or just its quote.
_SEP = r"(?:\s*[:\-–—=]+\s*|\s+(?:was|is)\s*:?\s*|\s*(?=[\"“‘'«「„]))"
_VERB = (
    r"(?:\b(?:(?:a\s+)?fill(?:ed)?|written|wrote\s+(?:this|it)|posted|made|done|created"
    r"|(?:in\s+)?(?:response|answer))\s+(?:for|to)\s+|\bfor\s+)"
)
_CHALLENGE_WORD = r"(?:prompt|challenge|ficathon|fest|exchange|meme|comm(?:unity)?)"
_END = r"\s*(?:[.!)]|$)"

_PATTERNS = tuple(
    re.compile(pattern, re.I | re.M)
    for pattern in (
        # Written for the X challenge at Y
        rf"{_VERB}{_THE}(?P<challenge>[^\n\"“”:;,.!?()]{{1,60}}?)\s+(?:challenge|prompt)"
        rf"\s+(?:at|on|over\s+at)\s+{_THE}{_NAME}{_END}",
        # Written for the prompt "Y" at X
        rf"{_VERB}{_THE}prompt{_NUMBER}{_SEP}{_QUOTED}\s*,?\s*(?:at|on|from|over\s+at|for)\s+"
        rf"{_THE}{_NAME}(?:\s+{_CHALLENGE_WORD})?{_END}",
        # Fill for the X prompt: "Y" / Written for X's prompt: Y / for the X challenge: Y
        rf"{_VERB}{_THE}{_NAME}(?:'s|’s|s'|s’)?\s+(?:prompt|challenge){_NUMBER}{_SEP}{_PROMPT}",
        # for X's prompt Y (a possessive says the rest is the prompt)
        rf"{_VERB}{_THE}{_NAME}(?:'s|’s|s'|s’)\s+prompt{_NUMBER}\s+{_PROMPT}",
        # Fill for X, prompt Y
        rf"{_VERB}{_THE}{_NAME}\s*[,;:]\s*prompt{_NUMBER}{_SEP}{_PROMPT}",
        # X prompt: Y / X prompt #12 - Y
        rf"(?:^|(?<=[\s(\[])){_CAPITALISED_NAME}\s+prompt{_NUMBER}\s*[:\-–—]\s*{_PROMPT}",
        # X #12: "Y"
        rf"(?:^|(?<=[\s(\[])){_CAPITALISED_NAME}\s*#\s*\d+\s*[:\-–—]?\s*{_QUOTED}",
        # Prompt: Y / Prompt #12: Y / The prompt was "Y"
        rf"\bprompt{_NUMBER}{_SEP}{_PROMPT}",
        rf"\bprompt(?:ed)?\s+(?:by|with)\s+{_QUOTED}",
        # Written for: R in the X challenge (R the recipient of a gift exchange)
        rf"{_VERB}(?:[^\n,;:]{{1,40}}?)\s+(?:in|at|during)\s+{_THE}{_NAME}\s+"
        rf"(?P<word>challenge|exchange|fest|ficathon)\b",
        # Written for the X challenge / ficathon / fest / community (no prompt named)
        rf"{_VERB}{_THE}{_NAME}(?:'s|’s)?\s+(?P<word>{_CHALLENGE_WORD})\b",
    )
)
_KEYWORD = re.compile(r"prompt|challenge|ficathon|fest|exchange|meme|comm|#\s*\d", re.I)
_TRAILING_NAME_WORDS = re.compile(r"(?:\s+(?:community|comm|challenge))+$", re.I)
_LEADING_THE = re.compile(r"^(?:the|a|an)\s+", re.I)
# "the amazing queenbitchfest challenge": praise is not part of the name.
_PRAISE = re.compile(
    r"^(?:(?:amazing|awesome|wonderful|lovely|fabulous|fantastic|great|brilliant|fun|annual)"
    r"\s+)+",
    re.I,
)
_KEEP_WORDS = frozenset(("ficathon", "fest", "exchange", "meme"))

# For keys: quotes and punctuation go; underscores and dashes part words (LJ names: fag_ends).
_NOT_WORD = re.compile(r"[\W_]+")


def find_prompt_reference(text: str) -> PromptRef | None:
    """The first community/prompt reference in the text, by the forms in the module's doc."""
    if not text:
        return None
    # Every form has one of the keywords and stays on its line: only those lines are read.
    for line in text[:20_000].split("\n"):
        if not _KEYWORD.search(line):
            continue
        for pattern in _PATTERNS:
            match = pattern.search(line)
            if match:
                ref = _ref(match)
                if ref:
                    return ref
    return None


def _ref(match: re.Match[str]) -> PromptRef | None:
    groups = match.groupdict()
    community = _clean_community(groups.get("community") or "")
    word = (groups.get("word") or "").lower()
    if word in _KEEP_WORDS and community:
        community = f"{community} {groups['word']}"
    challenge = groups.get("challenge")
    prompt = challenge.strip() if challenge else _prompt(groups)
    if not community and not prompt:
        return None
    return PromptRef(community=community, prompt=prompt)


def _prompt(groups: dict[str, str | None]) -> str:
    for name in ("q1", "q2", "q3", "q4", "q5", "q6", "q7"):
        if groups.get(name):
            return (groups[name] or "").strip()
    bare = (groups.get("bare") or "").strip()
    if bare.endswith(")") and bare.count(")") > bare.count("("):
        bare = bare[:-1].rstrip()
    return bare


def _clean_community(name: str) -> str:
    name = " ".join(name.split())
    name = _PRAISE.sub("", _LEADING_THE.sub("", name))
    return _TRAILING_NAME_WORDS.sub("", name).strip()


def prompt_key(text: str) -> str:
    """For matching prompts: lowercase, no quotes or punctuation, spaces folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def community_key(name: str) -> str:
    """``prompt_key`` less a leading "the" and a trailing plural "s": "the fag_ends" and
    "Fag End" both give "fag end"."""
    key = prompt_key(name)
    key = key.removeprefix("the ")
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    return key
