"""The prompt and community a header says a story was written for.

The Prompt/Challenge/Community/"Written for" lines first, then a reference in the notes,
disclaimer, summary or unknown lines, else a community named in the story's last short
paragraph (an end note). Kept apart from ``headers`` (which reads the lines) because it only
weighs what was read.
"""

from typing import Protocol

from ficfest.importer.document import SourceChapter
from ficfest.importer.labels import clean_name, clean_prompt
from ficfest.importer.prompts import PromptRef, find_prompt_reference

# An end note longer than this is story, not a note naming a challenge.
_MAX_END_NOTE = 600


class HeaderLike(Protocol):  # headers.Header, which imports this module
    fields: dict[str, str]
    unknown: list[tuple[str, str]]


def header_prompt_ref(
    values: dict[str, list[str]], header: HeaderLike, story: list[SourceChapter]
) -> PromptRef | None:
    refs = _labelled_refs(values)
    fields = header.fields
    if not values.get("prompt") and not values.get("challenge") and fields.get("prompt"):
        value = fields["prompt"]  # from the metadata
        refs.append(find_prompt_reference(value) or PromptRef("", clean_prompt(value)))
    texts = [fields.get(name, "") for name in ("notes", "disclaimer", "summary")]
    # An unknown label may be the reference itself: "Fill for prompt: rain".
    texts += [f"{label}: {value}" for label, value in header.unknown]
    for text in texts:
        ref = find_prompt_reference(text) if text else None
        if ref:
            refs.append(ref)
    if not any(ref.community for ref in refs):
        ref = _end_note_ref(story)
        if ref:
            refs.append(ref)
    community = next((ref.community for ref in refs if ref.community), "")
    prompt = next((ref.prompt for ref in refs if ref.prompt), "")
    if not community and not prompt:
        return None
    return PromptRef(community=community, prompt=prompt)


def _labelled_refs(values: dict[str, list[str]]) -> list[PromptRef]:
    refs: list[PromptRef] = []
    for value in values.get("prompt", []):
        refs.append(find_prompt_reference(value) or PromptRef("", clean_prompt(value)))
    for value in values.get("challenge", []):
        refs.append(find_prompt_reference(value) or PromptRef(clean_name(value), ""))
    for value in values.get("community", []):
        refs.append(PromptRef(clean_name(value), ""))
    for value in values.get("written for", []):
        refs.append(
            find_prompt_reference(f"Written for {value}") or PromptRef(clean_name(value), "")
        )
    return refs


def _end_note_ref(story: list[SourceChapter]) -> PromptRef | None:
    if not story or not story[-1].blocks:
        return None
    text = story[-1].blocks[-1].text
    if len(text) > _MAX_END_NOTE:
        return None
    ref = find_prompt_reference(text)
    return ref if ref and ref.community else None
