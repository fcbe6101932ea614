"""Sidecar metadata: a `sources.yaml` next to the articles, written by the user, wins over guesses.

    000_article.txt:
      outlet: Caliber.Az
      published: 2025-03-27
    listing_page.txt:
      articles:              # one entry per article, in page order
        - {outlet: CNA, published: 2025-07-24}
        - {outlet: Japan Times, published: 2025-07-14}
"""

from __future__ import annotations

from pathlib import Path

from pydantic import RootModel

from ..models import ArticleMeta
from ..yamlio import load_model

SIDECAR_NAMES = ("sources.yaml", "sources.yml")


class SidecarEntry(ArticleMeta):
    articles: list[ArticleMeta] | None = None

    def for_article(self, index: int) -> ArticleMeta:
        """The metadata for the index-th article of the file: its own entry over the file's."""
        base = self.model_dump(exclude={"articles"}, exclude_none=True)
        if self.articles and index < len(self.articles):
            base.update(self.articles[index].model_dump(exclude_none=True))
        return ArticleMeta(**base)


class Sidecar(RootModel[dict[str, SidecarEntry]]):
    pass


def load_sidecar(folder: Path) -> dict[str, SidecarEntry]:
    """The sidecar of a folder, keyed by file name; empty when the folder has none."""
    for name in SIDECAR_NAMES:
        path = folder / name
        if path.is_file():
            return load_model(Sidecar, path).root
    return {}


def is_sidecar(path: Path) -> bool:
    return path.name in SIDECAR_NAMES
