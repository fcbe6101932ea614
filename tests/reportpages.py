"""A corpus whose articles try to inject markup, and how to read the HTML report made of it.

Titles, outlets and article text hold HTML, rich markup and entities; the report must show
each as the text it is and run none of it (each injection sets a `window.__pwned` flag).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
from click.testing import CliRunner

from claimtrack.cli.main import cli

REPO = Path(__file__).resolve().parent.parent

# what an article may hold that a page must show as text
HOSTILE = [
    "<script>window.__pwned = 1</script>",
    "[/]",
    "[bold]",
    "&amp;",
    '"><img src=x onerror="window.__pwned=2">',
    "</title><svg onload=\"window.__pwned=3\">",
    "]]></svg><script>window.__pwned=4</script>",
    "<!-- -->",
]

ARTICLE_A = """Officials in Seoul said on Monday that around 12,000 North Korean troops had \
been sent to Russia.

The <script>window.__pwned = 5</script> ministry [bold]said[/] [/] that 1,500 North Korean \
troops &amp; officers were sent to Russia.
"""

ARTICLE_B = """The Tom &amp; Jerry agency [red]said[/red] that about 3,000 North Korean troops \
<b>were</b> sent to Russia, citing <img src=x onerror="window.__pwned=6"> sources.
"""

TITLE_A = "<script>window.__pwned = 1</script> [/] [bold]Troops[/bold] &amp; more"
OUTLET_A = '<img src=x onerror="window.__pwned=3">Daily [/]'
TITLE_B = 'Tom &amp; Jerry </title><svg onload="window.__pwned=4">'
OUTLET_B = "]]></svg><script>window.__pwned=7</script>"


def hostile_corpus(folder: Path) -> Path:
    """Two articles (a conflict between them) with markup in their text, titles and outlets."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    sidecar = {
        "a.txt": {"title": TITLE_A, "outlet": OUTLET_A, "published": "2024-10-21"},
        "b.txt": {"title": TITLE_B, "outlet": OUTLET_B, "published": "2024-10-25"},
    }
    (folder / "sources.yaml").write_text(json.dumps(sidecar), encoding="utf-8")  # JSON is YAML
    return folder


def ingest(db: Path, *paths: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", *map(str, paths)])
    assert result.exit_code == 0, result.output


def export(db: Path, fmt: str, output: Path, *more: str) -> str:
    """`claimtrack export` (or `compare TOPIC` when `more` starts with it) to a file; the
    file's text."""
    command = [*more] if more else ["export"]
    result = CliRunner().invoke(
        cli, ["--db", str(db), *command, "--format", fmt, "--output", str(output)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return output.read_text(encoding="utf-8")


def parse(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


def groups(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return root.xpath('//section[contains(concat(" ", @class, " "), " group ")]')


def marks(section: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return section.xpath('.//svg//g[contains(concat(" ", @class, " "), " mark ")]')


# a script or style fetched from the network (or any other resource the page would load)
REMOTE = re.compile(r"""(?:src|href|action|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
