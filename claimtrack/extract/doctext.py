"""The text of a Doc, kept once: spaCy rebuilds `doc.text` from the tokens at each access,
which the rule readers (counting, attribution) would otherwise pay for many times a sentence."""

from __future__ import annotations

from spacy.tokens import Doc

# where the text is kept in `doc.user_data`; a tokenizer that converts the script sets it
TEXT_KEY = "claimtrack.text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, computed once per Doc (a caller that has it may set it first)."""
    text: str | None = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
