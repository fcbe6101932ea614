"""Bytes to text: UTF-8 first, then a detected encoding; binary and undecodable files refused."""

from __future__ import annotations

from dataclasses import dataclass

from charset_normalizer import from_bytes


class Undecodable(Exception):
    """The bytes are not text we can read; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


# Control characters other than tab, newline, carriage return and form feed mark binary data.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))
_CONTROL_TABLE = bytes.maketrans(b"", b"")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return True
    sample = data[:8192]
    controls = len(sample) - len(sample.translate(_CONTROL_TABLE, _CONTROL))
    return controls > max(8, len(sample) // 100)


def decode(data: bytes) -> Decoded:
    """Decode file bytes, raising `Undecodable` with a reason for empty, binary or unknown data."""
    if not data.strip():
        raise Undecodable("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise Undecodable("invalid UTF-16 text") from None
    if _looks_binary(data):
        raise Undecodable("binary file (not text)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        # a file cut off in the middle of a character: keep what is whole
        if exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end"):
            return Decoded(data[: exc.start].decode("utf-8"), "utf-8")
    encoding = _detect(data[:1_000_000])
    if encoding is None:
        raise Undecodable("cannot detect the text encoding")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise Undecodable(f"not valid {encoding} text") from None
    return Decoded(text, encoding)


def _detect(sample: bytes) -> str | None:
    results = from_bytes(sample)
    best = results.best()
    if best is None or best.encoding is None:
        return None
    # Single-byte Latin code pages often tie (same chaos and coherence) on short text, and the
    # detector then picks by name: Latin-1 "près" came out as cp1250 "prčs". On a tie, prefer
    # cp1252, the commonest of them (a superset of Latin-1's printable characters).
    for match in results:
        if (
            match.chaos <= best.chaos
            and match.coherence >= best.coherence
            and "cp1252" in match.could_be_from_charset
        ):
            return "cp1252"
    return str(best.encoding)
