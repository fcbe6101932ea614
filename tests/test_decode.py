"""Bytes to text: encodings a user's files come in, and what is refused with which reason."""

from __future__ import annotations

import pytest

from claimtrack.load.decode import Undecodable, decode

FRENCH = "Le président a visité le café près de la rivière à Genève, a déclaré le maire."
GERMAN = "Der Bürgermeister sagte, dass die Straße gesperrt wird. Größere Schäden gab es nicht."
CHINESE = "朝鲜方面首次证实已派遣军队支持俄罗斯对乌克兰的军事行动。据朝鲜中央通讯社援引消息称。"
RUSSIAN = "Министерство обороны России заявило, что войска КНДР помогли освободить Курскую область."
ENGLISH = "North Korea sent about 12,000 troops to Russia, officials said on Monday."


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (ENGLISH.encode(), ENGLISH),
        (b"\xef\xbb\xbf" + ENGLISH.encode(), ENGLISH),  # BOM dropped
        (ENGLISH.encode("utf-16"), ENGLISH),
        (ENGLISH.encode("utf-16-be").join([b"\xfe\xff", b""]), ENGLISH),
        (FRENCH.encode("latin-1"), FRENCH),
        (FRENCH.encode("cp1252"), FRENCH),
        (GERMAN.encode("latin-1"), GERMAN),
        (CHINESE.encode("gb18030"), CHINESE),
        (CHINESE.encode("utf-8"), CHINESE),
        (RUSSIAN.encode("cp1251"), RUSSIAN),
        (b"tab\there\r\nform\ffeed and more plain words here",
         "tab\there\r\nform\ffeed and more plain words here"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "latin1-fr", "cp1252-fr",
         "latin1-de", "gb18030", "utf8-zh", "cp1251-ru", "whitespace-controls"],
)
def test_decodes_text_in_its_encoding(data: bytes, text: str) -> None:
    assert decode(data).text == text


def test_truncated_utf8_keeps_the_whole_characters() -> None:
    data = (ENGLISH + " Café").encode()[:-1]  # cut inside "é"
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == ENGLISH + " Caf"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n ", "empty file"),
        (b"\x00" * 10, "binary file"),
        (b"Some text\x00with a NUL byte in the middle of it", "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        (bytes(range(1, 9)) * 200, "binary file"),  # control characters, no NUL
        (b"\xff\xfe\x00\xd8", "invalid UTF-16"),  # BOM then a lone surrogate
    ],
    ids=["empty", "blank", "nuls", "nul-inside", "png", "controls", "bad-utf16"],
)
def test_refuses_what_is_not_text_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(Undecodable, match=reason):
        decode(data)
