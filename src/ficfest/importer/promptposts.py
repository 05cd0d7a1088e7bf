"""A community's prompt posts in a LiveJournal/Dreamwidth backup, and the fills answering them.

- **A prompt post** is an entry whose tags say "prompts" / "prompt post" ("mod post: prompts"
  too), or whose subject does ("Week 12 prompts", "Prompt post: rain") without speaking of
  fills.
- **Its prompts** are the post's listed lines (list items, "1." or "-" lines) when it lists
  any; otherwise each comment made on the post itself (a prompt meme: prompts left in the
  comments).
- **Fills in its comments**: a reply under a prompt comment (for listed prompts: a comment on
  the post that names one of them) that links to an entry of the same backup makes that entry
  a fill for the prompt; one that carries a fic header itself (a title and another label, or
  three labels) is a fill posted in the comments, imported as a work of its own.
- **Entries linking to the post**: an entry of the backup whose text links to the prompt post
  fills the prompt of the comment thread it links to, or the post's only prompt.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ficfest.importer.document import SourceChapter, SourceDocument
from ficfest.importer.headers import split_header
from ficfest.importer.prompts import prompt_key
from ficfest.importer.readers.html import html_blocks
from ficfest.importer.readers.journal import JournalComment, JournalEntry
from ficfest.importer.readers.ljbackup import journal_html

_PROMPT_TAG = re.compile(r"^(?:mod(?:\s*post)?\s*[:\-]\s*)?prompts?(?:\s*posts?)?$", re.I)
_PROMPT_SUBJECT = re.compile(r"\bprompts\b|\bprompt\s+post\b", re.I)
_FILL_WORD = re.compile(r"\bfill", re.I)
_LISTED = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•])\s+(?P<text>\S.*)$")
_LIST_HTML = re.compile(r"^\s*<(?:ul|ol)\b", re.I)
_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.I)
_ENTRY_ADDRESS = re.compile(r"/(\d+)\.html$")
_HEADER_KINDS = frozenset(("title", "creators", "fandoms", "rating", "relationships",
                           "characters", "warnings", "summary", "word_count"))  # fmt: skip
_PROMPT_MAX = 2000


@dataclass
class PostPrompt:
    text: str
    comment_id: str = ""  # the comment that gave it, in a prompt meme


@dataclass
class Fill:
    prompt: PostPrompt
    comment: JournalComment | None = None  # a fill posted in the comments
    entry: JournalEntry | None = None  # a fill posted as an entry of the backup


def is_prompt_post(entry: JournalEntry) -> bool:
    if any(_PROMPT_TAG.match(tag.strip()) for tag in entry.tags.split(",")):
        return True
    subject = entry.subject
    return bool(_PROMPT_SUBJECT.search(subject)) and not _FILL_WORD.search(subject)


def post_prompts(entry: JournalEntry) -> list[PostPrompt]:
    listed = _listed_lines(journal_html(entry.event, entry.preformatted))
    if listed:
        return [PostPrompt(text) for text in listed]
    prompts = []
    for comment in entry.comments:
        text = comment_text(comment) if not comment.parent else ""
        if text:
            prompts.append(PostPrompt(text[:_PROMPT_MAX], comment.id))
    return prompts


def comment_text(comment: JournalComment) -> str:
    blocks = html_blocks(journal_html(comment.body, preformatted=False))
    text = "\n".join(block.text.strip() for block in blocks)
    return text.strip() or comment.subject.strip()


def _listed_lines(html: str) -> list[str]:
    lines = []
    for block in html_blocks(html):
        if block.html is not None and _LIST_HTML.match(block.html):
            lines.append(block.text.strip())
            continue
        for line in block.text.split("\n"):
            match = _LISTED.match(line)
            if match:
                lines.append(match.group("text").strip())
    return [line[:_PROMPT_MAX] for line in lines if line]


def post_fills(
    post: JournalEntry, prompts: list[PostPrompt], entries: dict[str, JournalEntry]
) -> list[Fill]:
    """The fills the post's comments hold or point to; ``entries`` by their ``ditemid``."""
    by_comment = {prompt.comment_id: prompt for prompt in prompts if prompt.comment_id}
    parents = {comment.id: comment.parent for comment in post.comments}
    fills = []
    for comment in post.comments:
        if comment.id in by_comment:
            continue
        prompt = _thread_prompt(comment, parents, by_comment) if by_comment else None
        if prompt is None and not by_comment:
            prompt = _named_prompt(comment_text(comment), prompts)
        if prompt is None:
            continue
        linked = _linked_entry(comment.body, entries)
        if linked is not None:
            fills.append(Fill(prompt, entry=linked))
        elif has_fic_header(comment.body):
            fills.append(Fill(prompt, comment=comment))
    return fills


def linked_prompt(
    entry: JournalEntry, post: JournalEntry, prompts: list[PostPrompt]
) -> PostPrompt | None:
    """The prompt an entry fills by linking to the prompt post (its thread, or its only one)."""
    if not post.ditemid:
        return None
    for href in _HREF.findall(entry.event):
        parts = urlsplit(href)
        match = _ENTRY_ADDRESS.search(parts.path)
        if match is None or match.group(1) != post.ditemid:
            continue
        thread = parse_qs(parts.query).get("thread", [""])[0] or parts.fragment.lstrip("t")
        if thread.isdigit():  # a comment's address: its id × 256 + the entry's anum
            found = [p for p in prompts if p.comment_id == str(int(thread) // 256)]
            if found:
                return found[0]
        return _named_prompt(entry.event, prompts) or (prompts[0] if len(prompts) == 1 else None)
    return None


def _thread_prompt(
    comment: JournalComment, parents: dict[str, str], by_comment: dict[str, PostPrompt]
) -> PostPrompt | None:
    seen = set()
    parent = comment.parent
    while parent and parent not in seen:
        if parent in by_comment:
            return by_comment[parent]
        seen.add(parent)
        parent = parents.get(parent, "")
    return None


def _named_prompt(text: str, prompts: list[PostPrompt]) -> PostPrompt | None:
    key = f" {prompt_key(text)} "
    named = [prompt for prompt in prompts if f" {prompt_key(prompt.text)} " in key]
    return named[0] if len(named) == 1 else None


def _linked_entry(html: str, entries: dict[str, JournalEntry]) -> JournalEntry | None:
    for href in _HREF.findall(html):
        match = _ENTRY_ADDRESS.search(urlsplit(href).path)
        if match and match.group(1) in entries:
            return entries[match.group(1)]
    return None


def has_fic_header(html: str) -> bool:
    """A fic header: a title and another label, or three labels."""
    blocks = html_blocks(journal_html(html, preformatted=False))
    document = SourceDocument(format="html", chapters=[SourceChapter(blocks=blocks)])
    header, _ = split_header(document)
    kinds = _HEADER_KINDS & set(header.fields)
    return len(kinds) >= 3 or ("title" in kinds and len(kinds) >= 2)
