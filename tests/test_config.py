"""claims.yaml and sidecar files: valid ones load, invalid ones name the file, field and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimtrack.config import ClaimsConfig, default_config_path, load_config
from claimtrack.errors import ConfigError
from claimtrack.load.sidecar import load_sidecar

from .conftest import REPO

VALID = """\
version: 1
nouns:
  personnel:
    words:
      en: [troops, soldiers]
kinds:
  troops.deployed:
    description: Troops sent.
    counts: [personnel]
    triggers:
      en: [sent, deployed]
"""


def test_the_repository_claims_yaml_is_valid() -> None:
    loaded = load_config(REPO / "claims.yaml")
    assert loaded.config.kinds and loaded.config.nouns
    assert len(loaded.digest) == 16
    assert "troops" in loaded.config.topics


def test_default_config_is_found_without_a_local_file() -> None:
    # tests run in an empty tmp folder: the packaged (or project) claims.yaml is used
    loaded = load_config()
    assert Path(loaded.path).name == "claims.yaml"
    assert isinstance(loaded.config, ClaimsConfig)


def test_local_claims_yaml_wins(tmp_path: Path) -> None:
    (tmp_path / "claims.yaml").write_text(VALID, encoding="utf-8")
    assert default_config_path() == Path("claims.yaml")
    assert list(load_config().config.kinds) == ["troops.deployed"]


def test_digest_changes_with_the_content(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(VALID, encoding="utf-8")
    b.write_text(VALID.replace("sent, deployed", "sent, deployed, dispatched"), encoding="utf-8")
    assert load_config(a).digest != load_config(b).digest


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VALID + "kinds: [\n", ":13: not valid YAML"),
        ("version: 1\nnouns: {a: {words: {en: [x]}}\n", ": not valid YAML"),
        (VALID + "colour: red\n",
         ":12: colour: unknown field 'colour' (known here: version, kinds"),
        (VALID.replace("version: 1", "version: one"),
         ":1: version: 'one' is not a whole number"),
        (VALID.replace("    counts: [personnel]", "    counts: [vehicles]"),
         ":9: kinds.troops.deployed.counts.0: unknown noun class 'vehicles'"),
        (VALID.replace("    counts: [personnel]", "    counts: personnel"),
         ":9: kinds.troops.deployed.counts: 'personnel' should be a list"),
        (VALID.replace("troops.deployed:", "Troops Deployed:"), ":7: kinds.Troops Deployed"),
        (VALID.replace("      en: [sent, deployed]", "      english: [sent]"), ":11: kinds."),
        (VALID.replace("description: Troops sent.", "description: Troops sent.\n    bogus: 1"),
         ":9: kinds.troops.deployed.bogus: unknown field 'bogus' (known here: description,"),
        ("- just\n- a list\n", ":1: (top level): ['just', 'a list'] should be a mapping"),
        ("x: !!python/object:os.system {}\n", "not valid YAML"),
        (VALID.replace("description: Troops sent.",
                       "description: Troops sent.\n    when_target: troops.total"),
         ":9: kinds.troops.deployed.when_target: names unknown kind 'troops.total'"),
        (VALID + "sources:\n  - name: Yonhap\n    type: wire\n",
         ":14: sources.0.type: 'wire' is not one of 'government', 'agency'"),
        (VALID.replace("description: Troops sent.",
                       "description: Troops sent.\n    includes: [troops.lost]"),
         ":9: kinds.troops.deployed.includes.0: names unknown kind 'troops.lost'"),
    ],
    ids=["unclosed", "unclosed-flow", "unknown-field", "wrong-type", "unknown-noun",
         "not-a-list", "bad-kind-name", "bad-language", "nested-unknown", "top-list", "tag",
         "unknown-target-kind", "unknown-source-type", "unknown-included-kind"],
)
def test_invalid_claims_yaml_names_file_field_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.exit_code == 3
    msg = str(info.value)
    assert msg.startswith(str(path))
    assert message in msg
    assert "\n" not in msg


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "kinds: missing: this field is required"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_empty_or_undecodable_claims_yaml(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "claims.yaml"
    path.write_bytes(data)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)


def test_missing_claims_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a.txt:\n  outlet: X\n  published: not-a-date\n",
         ":3: a.txt.published: 'not-a-date' is not a date"),
        ("a.txt:\n  outlet: X\n  colour: red\n",
         ":3: a.txt.colour: unknown field 'colour' (known here: "),
        ("a.txt:\n  articles:\n    - {outlet: X}\n    - {published: 2025-13-01}\n",
         ":4: a.txt.articles.1.published"),
        ("a.txt: [1, 2]\n", ":1: a.txt: [1, 2] should be a mapping"),
    ],
    ids=["bad-date", "unknown-field", "impossible-date", "not-a-mapping"],
)
def test_a_bad_sidecar_entry_is_a_warning_naming_file_field_and_line_and_the_rest_is_used(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "sources.yaml").write_text(text + "b.txt: {outlet: Yonhap}\n", encoding="utf-8")
    sidecar = load_sidecar(tmp_path)
    (warning,) = sidecar.warnings
    assert warning.startswith(str(tmp_path / "sources.yaml"))
    assert message in warning and "\n" not in warning
    assert warning.endswith("entry ignored")
    assert list(sidecar.entries) == ["b.txt"]
    assert sidecar.entries["b.txt"].outlet == "Yonhap"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a.txt:\n  outlet: [\n", "not valid YAML"),
        ("- a.txt\n- b.txt\n", ":1: (top level): should be a mapping"),
    ],
    ids=["bad-yaml", "not-a-mapping-at-top"],
)
def test_a_sidecar_unusable_as_a_whole_is_an_error(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "sources.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_sidecar(tmp_path)
    msg = str(info.value)
    assert msg.startswith(str(tmp_path / "sources.yaml"))
    assert message in msg and "\n" not in msg


def test_sidecar_dates_and_per_article_entries(tmp_path: Path) -> None:
    (tmp_path / "sources.yml").write_text(
        "page.txt:\n  outlet: Daily8\n  published: 2025-07-24\n"
        "  articles:\n    - {outlet: CNA}\n    - {outlet: Japan Times, published: 2025-07-14}\n",
        encoding="utf-8",
    )
    entry = load_sidecar(tmp_path).entries["page.txt"]
    first, second, third = (entry.for_article(i) for i in range(3))
    assert (first.outlet, str(first.published)) == ("CNA", "2025-07-24")
    assert (second.outlet, str(second.published)) == ("Japan Times", "2025-07-14")
    assert (third.outlet, str(third.published)) == ("Daily8", "2025-07-24")


def test_rule_files_shipped_with_the_package_are_valid() -> None:
    from claimtrack.load import langid, segment
    assert segment.rules().junk.lines
    assert langid.detect("The troops were sent to the front by the government.") == "en"
    assert langid.detect("朝鲜方面首次证实已派遣军队支持俄罗斯。") == "zh"


def test_each_language_s_grammar_file_is_valid_and_an_error_names_its_line(
    tmp_path: Path,
) -> None:
    from claimtrack.extract.grammar import load_grammar
    from claimtrack.extract.pipeline import LANGUAGES

    for lang in LANGUAGES:
        assert load_grammar(lang).place_prepositions, lang
    assert "citing" in load_grammar("en").citing
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "grammar.yaml").write_text("citing: [citing]\nplace_prepositons: [to]\n")
    with pytest.raises(ConfigError, match=r"xx/grammar.yaml:2: place_prepositons: unknown "
                       r"field 'place_prepositons' \(did you mean 'place_prepositions'\?\)"):
        load_grammar("xx", tmp_path)
    assert load_grammar("yy", tmp_path).citing == frozenset()


def test_a_cross_reference_error_deep_in_the_real_file_names_its_own_line(
    tmp_path: Path,
) -> None:
    """A mistake found by a whole-file check (a kind naming an unknown kind) points at the line
    of the mistake, not at the top of the file, in the project's words."""
    text = (REPO / "claims.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if "when_planned:" in line)
    lines[at] = re.sub(r"when_planned: \S+", "when_planned: troops.nope", lines[at])
    path = tmp_path / "claims.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}:{at + 1}: kinds.")
    assert msg.endswith("when_planned: names unknown kind 'troops.nope'")
    assert "Value error" not in msg
