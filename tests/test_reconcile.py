"""The reconciler: grouping, relations, conflicts, independent sources, estimates, scale."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from pathlib import Path
from typing import Any

import pytest

from claimtrack.config import ClaimsConfig, load_config
from claimtrack.models import ArticleMeta, Claim
from claimtrack.reconcile import (
    LIST_AGREEMENTS_UP_TO,
    DocumentMeta,
    Group,
    Reconciliation,
    reconcile,
)

CLAIMS_YAML = Path(__file__).resolve().parent.parent / "claims.yaml"


@pytest.fixture(scope="module")
def config() -> ClaimsConfig:
    return load_config(CLAIMS_YAML).config


# ---------------------------------------------------------------- building claims

_ids = itertools.count(1)


def figure(
    qualifier: str, value: float | None = None, low: float | None = None, high: float | None = None
) -> dict[str, Any]:
    """A figure as the extractor writes it (see the interval conventions in models.py)."""
    if qualifier in ("exact", "approx"):
        low = high = value
    elif qualifier in ("more_than", "at_least"):
        low, high = value, None
    elif qualifier == "up_to":
        low, high = None, value
    return {"qualifier": qualifier, "value": value, "low": low, "high": high}


def period(label: str) -> dict[str, Any]:
    """as_of fields for an ISO label: 2024, 2024-10, 2025-03-27 or start/end."""

    def bounds(part: str) -> tuple[dt.date, dt.date]:
        bits = [int(x) for x in part.split("-")]
        if len(bits) == 3:
            day = dt.date(*bits)
            return day, day
        if len(bits) == 2:
            first = dt.date(bits[0], bits[1], 1)
            nxt = dt.date(bits[0] + bits[1] // 12, bits[1] % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        return dt.date(bits[0], 1, 1), dt.date(bits[0], 12, 31)

    a, _, b = label.partition("/")
    start, end = bounds(a)
    if b:
        end = bounds(b)[1]
    return {"as_of": label, "as_of_start": start, "as_of_end": end, "as_of_inferred": False}


UNDATED: dict[str, Any] = {"as_of": None, "as_of_start": None, "as_of_end": None}


def inferred(day: str) -> dict[str, Any]:
    """The text gave no time: as_of is the publication date."""
    return {**period(day), "as_of_inferred": True}


def make_claim(**overrides: Any) -> Claim:
    """A troops.deployed claim of 12,000 North Korean troops in October 2024, unless overridden."""
    n = next(_ids)
    fields: dict[str, Any] = {
        "id": f"c{n}",
        "document": f"doc{n}.txt",
        "article": 0,
        "passage": 0,
        "kind": "troops.deployed",
        **figure("exact", 12000),
        "subject": "North Korean troops",
        "attributed_to": f"source {n}",
        **period("2024-10"),
        "language": "en",
        # a quote of its own, so that no two claims look like syndicated copies by accident
        "quote": f"quote {n}",
        "start": 0,
        "end": 10,
    }
    fields.update(overrides)
    return Claim(**fields)


def only_group(result: Reconciliation) -> Group:
    assert len(result.groups) == 1, [g.id for g in result.groups]
    return result.groups[0]


def relation_types(group: Group) -> list[str]:
    return [r.type for r in group.relations]


# ---------------------------------------------------------------- relations within a group

RELATIONS = [
    pytest.param(
        dict(**figure("more_than", 10000)),
        dict(**figure("approx", 12000)),
        "agree",
        "agree",
        id="more-than-10000-and-around-12000-agree",
    ),
    pytest.param(
        dict(**figure("exact", 12000)),
        dict(**figure("exact", 12100)),
        "agree",
        "agree",
        id="exact-figures-within-rounding-agree",
    ),
    pytest.param(
        dict(**figure("range", low=10000, high=12000)),
        dict(**figure("up_to", 11000)),
        "agree",
        "agree",
        id="range-and-up-to-agree",
    ),
    pytest.param(
        dict(**figure("exact", 11000)),
        dict(**figure("approx", 14000)),
        "conflict",
        "conflict",
        id="11000-vs-around-14000-same-month-conflict",
    ),
    pytest.param(
        dict(**figure("up_to", 5000)),
        dict(**figure("more_than", 8000)),
        "conflict",
        "conflict",
        id="up-to-vs-more-than-conflict",
    ),
    pytest.param(
        dict(**figure("approx", 14000), **period("2024")),
        dict(**figure("exact", 11000), **period("2025-03")),
        "update",
        "agree",
        id="later-smaller-figure-is-an-update",
    ),
    pytest.param(
        dict(**figure("exact", 1500), **period("2024-10")),
        dict(**figure("approx", 11000), **period("2025-03")),
        "update",
        "agree",
        id="later-larger-total-is-an-update",
    ),
    pytest.param(
        dict(**figure("exact", 11000), **inferred("2025-03-27")),
        dict(**figure("exact", 14000), **inferred("2025-03-27")),
        "conflict",
        "conflict",
        id="two-undated-figures-same-publication-day-conflict",
    ),
    pytest.param(
        dict(**figure("exact", 11000), **inferred("2025-03-27")),
        dict(**figure("exact", 14000), **period("2025-03")),
        "conflict",
        "conflict",
        id="undated-figure-inside-a-dated-period-conflicts",
    ),
    pytest.param(
        dict(**figure("exact", 11000)),
        dict(**figure("exact", 30000), modality="planned"),
        "different_modality",
        "agree",
        id="a-plan-does-not-contradict-a-count",
    ),
    pytest.param(
        dict(**figure("exact", 11000)),
        dict(**figure("exact", 30000), modality="possible"),
        "different_modality",
        "agree",
        id="a-possibility-does-not-contradict-a-count",
    ),
    pytest.param(
        dict(**figure("exact", 11000)),
        dict(**figure("up_to", 30000), modality="denied"),
        "denial",
        "single-source",
        id="denial-is-not-a-value",
    ),
]


@pytest.mark.parametrize(("first", "second", "relation", "status"), RELATIONS)
def test_relation_between_two_claims(
    config: ClaimsConfig,
    first: dict[str, Any],
    second: dict[str, Any],
    relation: str,
    status: str,
) -> None:
    a, b = make_claim(**first), make_claim(**second)
    group = only_group(reconcile([a, b], config))
    assert relation_types(group) == [relation]
    assert set(group.relations[0].claims) == {a.id, b.id}
    assert group.relations[0].reason.endswith(".")
    assert group.status == status


def test_conflict_is_listed_with_its_reason(config: ClaimsConfig) -> None:
    a = make_claim(**figure("exact", 11000), **period("2025-03"))
    b = make_claim(**figure("approx", 14000), **period("2025-03"))
    result = reconcile([a, b], config)
    [conflict] = result.conflicts
    assert conflict.type == "value"
    assert conflict.claims == (a.id, b.id)
    assert conflict.group == result.groups[0].id
    # the hedge is taken into account: around 14,000 allows down to 12,600
    assert "12,600" in conflict.reason


def test_update_names_the_later_claim_second(config: ClaimsConfig) -> None:
    old = make_claim(**figure("approx", 14000), **period("2024"))
    new = make_claim(**figure("exact", 11000), **period("2025-03"))
    group = only_group(reconcile([new, old], config))
    [rel] = group.relations
    assert rel.claims == (old.id, new.id)
    assert "later" in rel.reason


def test_denied_claim_feeds_neither_estimate_nor_sources(config: ClaimsConfig) -> None:
    kept = make_claim(**figure("exact", 11000), attributed_to="NIS")
    denied = make_claim(**figure("up_to", 30000), modality="denied", attributed_to="HUR")
    group = only_group(reconcile([kept, denied], config))
    assert group.estimate is not None
    assert group.estimate.high == 11000
    assert group.origins == ["National Intelligence Service"]
    assert group.independent_sources == 1


# ---------------------------------------------------------------- scope

SCOPES = [
    pytest.param("troops.additional", "troops.deployed", id="increment-vs-deployed"),
    pytest.param("casualties.killed", "casualties.killed_or_wounded", id="killed-vs-combined"),
    pytest.param("troops.planned", "troops.deployed", id="planned-vs-deployed"),
    pytest.param("troops.total", "troops.deployed", id="total-vs-deployed"),
]


@pytest.mark.parametrize(("kind_a", "kind_b"), SCOPES)
def test_different_scopes_are_separate_groups(
    config: ClaimsConfig, kind_a: str, kind_b: str
) -> None:
    a = make_claim(kind=kind_a, **figure("exact", 3000))
    b = make_claim(kind=kind_b, **figure("exact", 11000))
    result = reconcile([a, b], config)
    assert sorted(g.kind for g in result.groups) == sorted([kind_a, kind_b])
    assert result.conflicts == []
    scoped = [r for g in result.groups for r in g.relations]
    assert [r.type for r in scoped] == ["different_scope"]
    assert set(scoped[0].claims) == {a.id, b.id}


def test_different_quantities_of_a_topic_are_not_scopes(config: ClaimsConfig) -> None:
    killed = make_claim(kind="casualties.killed", **figure("exact", 600))
    wounded = make_claim(kind="casualties.wounded", **figure("exact", 3000))
    result = reconcile([killed, wounded], config)
    assert len(result.groups) == 2
    assert all(g.relations == [] for g in result.groups)


def test_different_scope_needs_a_shared_time(config: ClaimsConfig) -> None:
    a = make_claim(kind="troops.additional", **figure("exact", 3000), **period("2025-01"))
    b = make_claim(kind="troops.deployed", **figure("exact", 11000), **period("2024-10"))
    result = reconcile([a, b], config)
    assert all(g.relations == [] for g in result.groups)


# ---------------------------------------------------------------- independent sources


def test_translation_is_not_a_second_source(config: ClaimsConfig) -> None:
    en = make_claim(attributed_to="South Korea's spy agency", document="k.txt")
    zh = make_claim(
        subject="朝鲜士兵",
        attributed_to=None,
        language="zh",
        document="k.txt",
        translation_of=en.id,
    )
    group = only_group(reconcile([en, zh], config))
    assert relation_types(group) == ["translation"]
    assert group.relations[0].claims == (en.id, zh.id)
    assert group.independent_sources == 1
    assert group.origins == ["National Intelligence Service"]
    assert group.status == "single-source"


def test_translation_with_another_figure_is_a_conflict(config: ClaimsConfig) -> None:
    en = make_claim(**figure("exact", 12000))
    zh = make_claim(**figure("exact", 1200), language="zh", translation_of=en.id)
    result = reconcile([en, zh], config)
    assert [c.type for c in result.conflicts] == ["value"]


def test_citation_chain_counts_the_cited_outlet_once(config: ClaimsConfig) -> None:
    wire = make_claim(document="ap.txt", attributed_to=None)
    citing = make_claim(document="paper.txt", attributed_to=None, source_chain=["AP"])
    meta: dict[str, DocumentMeta] = {
        "ap.txt": "The Associated Press",
        "paper.txt": ArticleMeta(outlet="Daily8"),
    }
    group = only_group(reconcile([wire, citing], config, documents_meta=meta))
    assert group.origins == ["Associated Press"]
    assert group.independent_sources == 1
    assert relation_types(group) == ["same_origin"]


def _story(document: str) -> list[Claim]:
    """A story's two figures, word for word as every copy of it prints them."""
    return [
        make_claim(document=document, attributed_to=None, quote="around 11,000 troops"),
        make_claim(document=document, attributed_to=None, kind="casualties.killed",
                   quote="some 300 of them killed", **figure("approx", 300)),
    ]


def test_syndicated_copy_counts_once(config: ClaimsConfig) -> None:
    meta = {"caliber.txt": "Caliber.Az", "daily8.txt": "Daily8"}
    result = reconcile([*_story("caliber.txt"), *_story("daily8.txt")], config,
                       documents_meta=meta)
    for group in result.groups:
        assert group.independent_sources == 1
        assert relation_types(group) == ["same_origin"]
        assert "syndicated copy" in group.relations[0].reason


@pytest.mark.parametrize(
    "quotes",
    [
        pytest.param(["around 11,000 troops"], id="one-shared-wording-is-no-copy"),
        pytest.param(["11,000", "300"], id="short-quotes-are-no-copy"),
    ],
)
def test_what_unrelated_stories_share_is_no_copy(config: ClaimsConfig, quotes: list[str]) -> None:
    claims = [
        make_claim(document=doc, attributed_to=None, quote=q, kind=f"casualties.{kind}")
        for doc in ("a.txt", "b.txt")
        for q, kind in zip(quotes, ("killed", "wounded"), strict=False)
    ]
    meta = {"a.txt": "Outlet A", "b.txt": "Outlet B"}
    for group in reconcile(claims, config, documents_meta=meta).groups:
        assert group.independent_sources == 2


def test_unattributed_claims_fall_back_to_the_outlet(config: ClaimsConfig) -> None:
    a = make_claim(document="a.txt", attributed_to=None)
    b = make_claim(document="b.txt", attributed_to=None)
    meta = {"a.txt": [ArticleMeta(outlet="CNA")], "b.txt": [ArticleMeta(outlet="Japan Times")]}
    group = only_group(reconcile([a, b], config, documents_meta=meta))
    assert group.origins == ["CNA", "Japan Times"]
    assert group.status == "agree"


def test_without_metadata_the_document_is_the_origin(config: ClaimsConfig) -> None:
    a = make_claim(document="a.txt", attributed_to=None)
    group = only_group(reconcile([a], config))
    assert group.origins == ["a.txt"]
    assert group.status == "single-source"


def test_source_aliases_are_one_origin(config: ClaimsConfig) -> None:
    a = make_claim(attributed_to="NIS")
    b = make_claim(attributed_to="South Korea's National Intelligence Service")
    group = only_group(reconcile([a, b], config))
    assert group.independent_sources == 1
    assert relation_types(group) == ["same_origin"]


# ---------------------------------------------------------------- dates


def make_date(**overrides: Any) -> Claim:
    return make_claim(kind="date", **figure("exact", None), **overrides)


def test_weekday_that_is_not_the_date_conflicts_with_itself(config: ClaimsConfig) -> None:
    # 24 July 2024 was a Wednesday
    c = make_date(subject="state media said", date_text="Thursday (Jul 24)", **period("2024-07-24"))
    result = reconcile([c], config)
    [conflict] = result.conflicts
    assert conflict.type == "date"
    assert conflict.claims == (c.id, c.id)
    assert "Wednesday" in conflict.reason
    assert only_group(result).status == "conflict"


@pytest.mark.parametrize(
    ("text", "day", "lang"),
    [
        ("Thursday (Jul 24)", "2025-07-24", "en"),
        ("Monday", "2025-04-28", "en"),
        ("周日", "2025-04-27", "zh"),
        ("On April 28", "2025-04-28", "en"),
    ],
)
def test_weekday_that_fits_the_date_is_no_conflict(
    config: ClaimsConfig, text: str, day: str, lang: str
) -> None:
    c = make_date(subject="KCNA said", date_text=text, language=lang, **period(day))
    assert reconcile([c], config).conflicts == []


def test_english_and_chinese_dates_of_one_event_conflict(config: ClaimsConfig) -> None:
    en = make_date(
        subject="KCNA said", date_text="Monday", document="000.txt", **period("2025-04-28")
    )
    zh = make_date(
        subject="朝鲜中央通讯社 称",
        date_text="周日",
        language="zh",
        document="000.txt",
        translation_of=en.id,
        **period("2025-04-27"),
    )
    result = reconcile([en, zh], config)
    group = only_group(result)
    assert group.status == "conflict"
    assert group.estimate is None
    [conflict] = result.conflicts
    assert (conflict.type, conflict.claims) == ("date", (en.id, zh.id))
    assert relation_types(group) == ["translation"]


def test_date_claims_group_by_event(config: ClaimsConfig) -> None:
    a = make_date(subject="KCNA statement confirming troop deployment", **period("2025-04-28"))
    b = make_date(subject="KCNA statement confirming the troop deployment", **period("2025-04-28"))
    c = make_date(subject="mutual defense treaty signed", **period("2024-06"))
    result = reconcile([a, b, c], config)
    assert sorted(len(g.claims) for g in result.groups) == [1, 2]
    pair = next(g for g in result.groups if len(g.claims) == 2)
    assert relation_types(pair) == ["agree"]


def test_dates_without_a_subject_stand_alone(config: ClaimsConfig) -> None:
    a = make_date(subject=None, **period("2025-07-13"))
    b = make_date(subject=None, **period("2025-07-14"))
    zh = make_date(subject=None, language="zh", translation_of=a.id, **period("2025-07-13"))
    result = reconcile([a, b, zh], config)
    assert sorted(g.claims for g in result.groups) == [[a.id, zh.id], [b.id]]
    assert result.conflicts == []


def test_same_event_on_different_days_is_a_date_conflict(config: ClaimsConfig) -> None:
    a = make_date(subject="defence treaty signed", **period("2025-07-13"))
    b = make_date(subject="defence treaty signed", **period("2025-07-14"))
    result = reconcile([a, b], config)
    assert [c.type for c in result.conflicts] == ["date"]


# ---------------------------------------------------------------- grouping

SUBJECT_NAMES = [
    "North Korean troops",
    "DPRK soldiers",
    "Korean People's Army personnel",
    "朝鲜士兵",
    "North Korean soldier",
    "north korean  troops",
]


def test_subject_aliases_make_one_group(config: ClaimsConfig) -> None:
    claims = [make_claim(subject=s) for s in SUBJECT_NAMES]
    group = only_group(reconcile(claims, config))
    assert group.subject == "North Korean troops"
    assert len(group.claims) == len(SUBJECT_NAMES)


@pytest.mark.parametrize(
    ("a", "b", "groups"),
    [
        pytest.param("North Korean troops", "Russian troops", 2, id="other-army"),
        pytest.param("brigade of volunteers", "brigade of the volunteers", 1, id="unknown-fuzzy"),
        pytest.param("brigade of volunteers", "marine regiment", 2, id="unknown-different"),
    ],
)
def test_subjects(config: ClaimsConfig, a: str, b: str, groups: int) -> None:
    result = reconcile([make_claim(subject=a), make_claim(subject=b)], config)
    assert len(result.groups) == groups


@pytest.mark.parametrize(
    ("locations", "groups"),
    [
        pytest.param(["Kursk", "Kursk region"], 1, id="alias"),
        pytest.param(["Kursk", None], 1, id="no-place-joins-the-only-place"),
        pytest.param(["Kursk", "Ukraine"], 2, id="two-places"),
        pytest.param(["Kursk", "Ukraine", None], 3, id="no-place-among-several-stays-apart"),
    ],
)
def test_places_tell_incidents_apart(
    config: ClaimsConfig, locations: list[str | None], groups: int
) -> None:
    claims = [make_claim(location=loc, subject="people", kind="casualties.killed")
              for loc in locations]
    assert len(reconcile(claims, config).groups) == groups


def test_a_named_partys_count_is_one_quantity_wherever_it_is_placed(
    config: ClaimsConfig,
) -> None:
    # "killed in Kursk", "killed fighting Ukraine", no place: the same soldiers' losses
    claims = [make_claim(location=loc) for loc in ("Kursk", "Ukraine", "Kursk", None)]
    (group,) = reconcile(claims, config).groups
    assert group.location == "Russia"  # the place most of its claims give (Kursk's theatre)


def test_a_figure_without_subject_counts_what_its_article_counts(config: ClaimsConfig) -> None:
    named = make_claim(document="a.txt", kind="casualties.killed")
    bare = make_claim(document="a.txt", kind="casualties.killed", subject=None, passage=3,
                      **figure("exact", 300))
    other = make_claim(document="b.txt", kind="casualties.killed", subject=None,
                       **figure("exact", 200))
    groups = {g.subject: g.claims for g in reconcile([named, bare, other], config).groups}
    assert groups == {"North Korean troops": [named.id, bare.id], None: [other.id]}


def test_group_ids_are_stable(config: ClaimsConfig) -> None:
    claims = [
        make_claim(location="Kursk region"),
        make_claim(kind="troops.additional"),
        make_date(subject="KCNA said"),
    ]
    first = [g.id for g in reconcile(claims, config).groups]
    again = [g.id for g in reconcile(list(reversed(claims)), config).groups]
    assert first == again
    # Kursk lies within Russia in claims.yaml: the group is named after the theatre
    assert "troops.deployed:north-korean-troops@russia:" in " ".join(first)


def test_a_place_within_another_is_the_same_theatre(config: ClaimsConfig) -> None:
    claims = [make_claim(location="Kursk region", **figure("approx", 12000)),
              make_claim(location="Russia", **figure("more_than", 10000))]
    group = only_group(reconcile(claims, config))
    assert group.location == "Russia"
    assert relation_types(group) == ["agree"]


# ---------------------------------------------------------------- estimates

ESTIMATES = [
    pytest.param([dict(**figure("approx", 12000))], (10800, 12000, 13200), id="one-hedged"),
    pytest.param(
        [dict(**figure("more_than", 10000)), dict(**figure("approx", 12000))],
        (10800, 12000, 13200),
        id="agreeing-claims-narrow-the-range",
    ),
    pytest.param(
        [dict(**figure("exact", 11000)), dict(**figure("exact", 11100))],
        (11000, 11050, 11100),
        id="rounding-agreement-spans-both",
    ),
    pytest.param(
        [
            dict(**figure("exact", 11000)),
            dict(**figure("exact", 14000)),
            dict(**figure("exact", 12000)),
        ],
        (11000, 12000, 14000),
        id="conflicting-claims-give-the-span",
    ),
    pytest.param(
        [
            dict(**figure("approx", 14000), **period("2024")),
            dict(**figure("exact", 11000), **period("2025-03")),
        ],
        (11000, 11000, 11000),
        id="latest-frame-only",
    ),
    pytest.param([dict(**figure("more_than", 10000))], (10000, None, None), id="open-only"),
    pytest.param(
        [dict(**figure("more_than", 13000)), dict(**figure("approx", 12000))],
        (13000, 13000, 13200),
        id="best-kept-within-the-range",
    ),
    pytest.param(
        [dict(**figure("exact", 11000)), dict(**figure("exact", 30000), modality="planned")],
        (11000, 11000, 11000),
        id="plans-left-out",
    ),
]


@pytest.mark.parametrize(("claims", "expected"), ESTIMATES)
def test_estimate(
    config: ClaimsConfig,
    claims: list[dict[str, Any]],
    expected: tuple[float | None, float | None, float | None],
) -> None:
    group = only_group(reconcile([make_claim(**c) for c in claims], config))
    assert group.estimate is not None
    est = group.estimate
    assert (est.low, est.best, est.high) == pytest.approx(expected)


def test_syndicated_copies_do_not_weigh_twice_in_the_median(config: ClaimsConfig) -> None:
    copies = [
        claim
        for n in range(3)
        for claim in (
            make_claim(**figure("exact", 10000), quote="10,000 troops were sent",
                       attributed_to=None, document=f"copy{n}.txt"),
            make_claim(**figure("exact", 40), quote="40 of them were killed", attributed_to=None,
                       kind="casualties.killed", document=f"copy{n}.txt"),
        )
    ]
    other = make_claim(**figure("exact", 20000))
    group = next(g for g in reconcile([*copies, other], config).groups
                 if g.kind == "troops.deployed")
    assert group.estimate is not None
    assert group.estimate.best == 15000


# ---------------------------------------------------------------- the seed articles


def test_seeds_scenario(config: ClaimsConfig) -> None:
    """Caliber.Az (2025-03-27) and CNN via Daily8 (2025-07-14), as the gold annotates them."""
    last_year = make_claim(
        **figure("approx", 14000),
        subject="North Korean soldiers",
        attributed_to=None,
        modality="estimated",
        **period("2024"),
        quote="an estimated 14,000 were sent",
    )
    now = make_claim(
        **figure("approx", 11000),
        subject="North Korean troops",
        attributed_to=None,
        **inferred("2025-03-27"),
        quote="around 11,000 troops",
    )
    more = make_claim(
        kind="troops.additional",
        **figure("approx", 3000),
        attributed_to="Joint Chiefs of Staff",
        **inferred("2025-03-27"),
        quote="approximately 3,000 additional troops",
    )
    denied = make_claim(
        kind="troops.additional",
        **figure("up_to", 30000),
        attributed_to="Main Directorate of Intelligence",
        modality="denied",
        **period("2025-07-14"),
        quote="up to 30,000 additional troops",
    )
    october = make_claim(
        **figure("approx", 12000),
        attributed_to="South Korea's spy agency",
        **period("2024-10"),
        quote="around 12-thousand North Korean troops",
    )
    result = reconcile([last_year, now, more, denied, october], config)

    assert result.conflicts == []
    deployed = next(g for g in result.groups if g.kind == "troops.deployed")
    additional = next(g for g in result.groups if g.kind == "troops.additional")
    assert set(deployed.claims) == {last_year.id, now.id, october.id}
    kinds = {frozenset(r.claims): r.type for r in deployed.relations}
    assert kinds[frozenset({last_year.id, now.id})] == "update"
    assert kinds[frozenset({october.id, now.id})] == "agree"  # 10,800-13,200 vs 9,900-12,100
    assert kinds[frozenset({last_year.id, october.id})] == "agree"
    assert deployed.estimate is not None and deployed.estimate.best == 11000

    denial = [r for r in additional.relations if r.type == "denial"]
    assert [r.claims for r in denial] == [(denied.id, more.id)]
    assert additional.estimate is not None and additional.estimate.best == 3000
    assert additional.estimate.high is not None and additional.estimate.high < 30000
    scoped = [r for g in result.groups for r in g.relations if r.type == "different_scope"]
    assert {frozenset(r.claims) for r in scoped} >= {frozenset({more.id, now.id})}


# ---------------------------------------------------------------- scale


def synthetic(n: int, seed: int = 7) -> list[Claim]:
    """n claims over many subjects, places, kinds and months, some in large groups."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = ["".join(rng.choices(letters, k=7)) for _ in range(3000)]
    subjects = [f"{a} {b} brigade" for a, b in zip(names, reversed(names), strict=True)]
    subjects += SUBJECT_NAMES
    kinds = [
        "troops.deployed",
        "troops.additional",
        "casualties.killed",
        "casualties.killed_or_wounded",
    ]
    places = [None, "Kursk", "Ukraine", "Kursk region"]
    out = []
    for n_ in range(n):
        month = rng.randrange(1, 13)
        value = float(rng.randrange(1, 200) * 100)
        start = dt.date(2024, month, 1)
        out.append(
            Claim.model_construct(
                id=f"s{n_:06d}",
                document=f"d{n_ % 5000}.txt",
                article=0,
                passage=0,
                kind=rng.choice(kinds),
                value=value,
                low=value,
                high=value,
                qualifier=rng.choice(["exact", "approx"]),
                item=None,
                subject=rng.choice(subjects),
                location=rng.choice(places),
                attributed_to=f"source {rng.randrange(50)}",
                source_chain=[],
                as_of=start.isoformat()[:7],
                as_of_start=start,
                as_of_end=start + dt.timedelta(27),
                as_of_inferred=False,
                modality="asserted",
                language="en",
                quote=f"q{n_}",
                start=0,
                end=1,
                translation_of=None,
                date_text=None,
            )
        )
    return out


@pytest.mark.parametrize(
    "n",
    [
        pytest.param(20_000, id="20k"),
        pytest.param(200_000, id="200k", marks=pytest.mark.slow),
    ],
)
def test_scale_is_linear(config: ClaimsConfig, n: int, capsys: pytest.CaptureFixture[str]) -> None:
    claims = synthetic(n)
    began = time.perf_counter()
    result = reconcile(claims, config, neighbours=16)
    took = time.perf_counter() - began
    with capsys.disabled():
        print(
            f"\nreconcile: {n} claims, {len(result.groups)} groups, "
            f"{result.comparisons} comparisons, {took:.1f} s"
        )
    assert sum(len(g.claims) for g in result.groups) == n
    # within groups: at most 16 neighbours per claim; across scopes: 5 candidates per claim
    # and per other-scope group (a kind here has one such group per place)
    assert result.comparisons <= n * (16 + 5 * 3)
    assert took < 120  # a generous guard only: the figure to watch is printed above


# ---------------------------------------------------------------- incidents


def test_people_killed_on_different_days_are_different_incidents(config: ClaimsConfig) -> None:
    shooting = dict(kind="casualties.killed", subject="people", location="Chicago")
    claims = [
        make_claim(**shooting, **figure("exact", 2), **period("2016-06-05")),
        make_claim(**shooting, **figure("exact", 2), **inferred("2016-06-06")),
        make_claim(**shooting, **figure("exact", 5), **period("2016-08-20")),
    ]
    result = reconcile(claims, config)
    sizes = sorted(len(g.claims) for g in result.groups)
    assert sizes == [1, 2]
    assert not result.conflicts


def test_a_named_force_keeps_one_group_over_time(config: ClaimsConfig) -> None:
    claims = [
        make_claim(**figure("exact", 3000), **period("2024-10")),
        make_claim(**figure("exact", 11000), **period("2025-03")),
    ]
    group = only_group(reconcile(claims, config))
    assert "update" in relation_types(group)


@pytest.mark.parametrize(
    ("first", "second", "relation"),
    [
        # one voice, one time: the sentence lists parts ("6,000 sent, 1,000 of them engineers")
        pytest.param({}, {}, "different_scope", id="one-voice-parts"),
        pytest.param({"date_text": "in July"}, {}, "different_scope",
                     id="one-stated-time-parts"),
        # "4,000 on 9 January, the agency said; 3,000 on Monday": one count stated twice
        pytest.param({"date_text": "9 January"}, {"date_text": "Monday"}, "conflict",
                     id="two-stated-times-compared"),
        # "over 6,000, Kyiv said, while Seoul put it at 1,000"
        pytest.param({"attributed_to": "Kyiv"}, {"attributed_to": "Seoul"}, "conflict",
                     id="two-sources-compared"),
    ],
)
def test_figures_of_one_sentence_are_parts_unless_two_voices_give_them(
    config: ClaimsConfig, first: dict[str, Any], second: dict[str, Any], relation: str
) -> None:
    same = dict(document="doc.txt", passage=7, **period("2025-07/2025-08"))
    one_source = {"attributed_to": "the agency"}
    claims = [make_claim(**{**same, **one_source, **first}, **figure("exact", 6000)),
              make_claim(**{**same, **one_source, **second}, **figure("exact", 1000))]
    result = reconcile(claims, config)
    assert relation_types(only_group(result)) == [relation]
    assert bool(result.conflicts) == (relation == "conflict")


def test_incident_figures_of_one_sentence_stay_parts_whoever_gives_them(
    config: ClaimsConfig,
) -> None:
    # "one man was shot, his brother said, and two others, police said"
    same = dict(document="doc.txt", passage=3, kind="casualties.wounded", subject="people",
                location="Elm Street", **period("2019-05-04"))
    claims = [make_claim(**same, attributed_to="his brother", **figure("exact", 1)),
              make_claim(**same, attributed_to="police", **figure("exact", 2))]
    result = reconcile(claims, config)
    assert not result.conflicts


def test_placeless_incidents_in_different_articles_stay_apart(config: ClaimsConfig) -> None:
    same_day = dict(kind="casualties.killed", subject="people", location=None,
                    **period("2017-02-20"))
    claims = [make_claim(**same_day, **figure("exact", 1)),
              make_claim(**same_day, **figure("exact", 4))]
    assert sorted(len(g.claims) for g in reconcile(claims, config).groups) == [1, 1]


# ---------------------------------------------------------------- large groups


@pytest.mark.parametrize(
    ("size", "listed"),
    [
        pytest.param(LIST_AGREEMENTS_UP_TO, True, id="small-group-lists-agreements"),
        pytest.param(LIST_AGREEMENTS_UP_TO + 1, False, id="large-group-counts-agreements"),
    ],
)
def test_agreements_are_listed_in_small_groups_and_counted_in_large_ones(
    config: ClaimsConfig, size: int, listed: bool
) -> None:
    claims = [make_claim(**figure("approx", 12000)) for _ in range(size - 1)]
    claims.append(make_claim(**figure("exact", 30000)))  # conflicts with every other claim
    result = reconcile(claims, config)
    group = only_group(result)
    compared = sum(min(16, size - 1 - n) for n in range(size))
    conflicts = [k for k in result.conflicts if k.group == group.id]
    agreeing = [r for r in group.relations if r.type in ("agree", "same_origin")]
    in_relations = [r for r in group.relations if r.type == "conflict"]
    assert group.agreements + len(conflicts) == compared
    assert len(agreeing) == (group.agreements if listed else 0)
    # a small group also lists its conflicts among its relations; a large one only once
    assert len(in_relations) == (len(conflicts) if listed else 0)
    assert conflicts and all(k.reason.endswith(".") for k in conflicts)


@pytest.mark.parametrize("size", [LIST_AGREEMENTS_UP_TO, 80])
def test_every_conflict_is_listed_with_its_reason(config: ClaimsConfig, size: int) -> None:
    # each figure a quarter above the one before: no two are within rounding of each other
    claims = [make_claim(**figure("exact", round(1000 * 1.25**n))) for n in range(size)]
    result = reconcile(claims, config)
    group = only_group(result)
    assert len(result.conflicts) == sum(min(16, size - 1 - n) for n in range(size))
    assert all(k.group == group.id and "cannot both hold" in k.reason for k in result.conflicts)
    in_relations = [r for r in group.relations if r.type == "conflict"]
    if size <= LIST_AGREEMENTS_UP_TO:
        assert sorted((r.claims, r.reason) for r in in_relations) == sorted(
            (k.claims, k.reason) for k in result.conflicts)
    else:
        assert in_relations == []
    # strongest first: the figures furthest apart lead
    strengths = [k.strength for k in result.conflicts]
    assert strengths == sorted(strengths, reverse=True)


def test_a_vague_word_against_a_figure_is_a_weak_conflict(config: ClaimsConfig) -> None:
    precise = make_claim(**figure("approx", 1500), document="a.txt")
    vague = make_claim(document="b.txt", qualifier="vague", value=None, low=2000, high=9999)
    far = make_claim(**figure("exact", 400), document="c.txt")
    result = reconcile([precise, vague, far], config)
    by_pair = {frozenset(k.claims): k.strength for k in result.conflicts}
    assert by_pair[frozenset((precise.id, far.id))] > 0.5
    assert by_pair[frozenset((precise.id, vague.id))] < 0.3
    assert frozenset(result.conflicts[-1].claims) != frozenset((precise.id, far.id))
    # the reason names both sources and both times
    reason = next(k.reason for k in result.conflicts
                  if set(k.claims) == {precise.id, far.id})
    assert all(f"per {c.attributed_to}" in reason for c in (precise, far))
    assert reason.count("2024-10") == 2


def test_a_month_holds_its_days_so_their_figures_conflict(config: ClaimsConfig) -> None:
    # "around 12,000 in October" and "around 1,500 as of 20 October": the same time, compared
    # at the month's precision, not a later month after an earlier day
    claims = [make_claim(**figure("approx", 1500), **inferred("2024-10-20")),
              make_claim(**figure("approx", 12000), **period("2024-10"))]
    result = reconcile(claims, config)
    assert [set(k.claims) for k in result.conflicts] == [{claims[0].id, claims[1].id}]


def test_a_year_does_not_hold_its_days_a_later_day_updates_it(config: ClaimsConfig) -> None:
    claims = [make_claim(**figure("more_than", 10000), **period("2024")),
              make_claim(**figure("approx", 1500), **inferred("2024-10-20"))]
    group = only_group(reconcile(claims, config))
    assert [r.type for r in group.relations] == ["update"]


def test_an_undated_figure_is_not_compared_with_a_dated_one(config: ClaimsConfig) -> None:
    # roughly 600 killed with no time given against 2,000 killed a year later
    claims = [make_claim(**figure("approx", 600), **UNDATED, document="a.txt"),
              make_claim(**figure("approx", 2000), **period("2025-10"), document="b.txt")]
    result = reconcile(claims, config)
    assert result.conflicts == []
    (rel,) = only_group(result).relations
    assert rel.type == "different_time"
    assert "gives no time" in rel.reason


def test_undated_figures_of_one_article_are_still_compared(config: ClaimsConfig) -> None:
    claims = [make_claim(**figure("approx", 600), **UNDATED, document="a.txt", passage=1),
              make_claim(**figure("approx", 2000), **UNDATED, document="a.txt", passage=4)]
    assert len(reconcile(claims, config).conflicts) == 1


@pytest.mark.parametrize("limit", [1, 3, None])
def test_a_listing_cut_to_a_limit_keeps_the_first_of_each_list(
    config: ClaimsConfig, limit: int | None
) -> None:
    from claimtrack.report.build import _listed, _rows

    # six sources, each with another figure for the same month: every pair conflicts
    claims = [make_claim(**figure("exact", 1000 * (n + 1)), **period("2025-03"))
              for n in range(6)]
    result = reconcile(claims, config)
    groups, conflicts = _listed(_rows(result), limit)
    [whole], [g] = result.groups, groups
    assert len(result.conflicts) == 15
    assert g.claims == whole.claims[:limit] and g.relations == whole.relations[:limit]
    assert conflicts == result.conflicts[:limit]
    if limit is None:
        assert g == whole
    else:
        assert g.omitted is not None
        assert (g.omitted.claims, g.omitted.relations, g.omitted.conflicts) == (
            6 - limit, len(whole.relations) - limit, 15 - limit)


# ---------------------------------------------------------------- large groups over columns


def mixed_group(seed: int, n: int, dates: bool) -> list[Claim]:
    """A group of `n` claims of one subject mixing what the pair rules tell apart: hedges and
    open bounds, denials and plans, figures of one sentence, translations, claims without a
    time or with an inferred one, dates with and without a calendar day."""
    rng = random.Random(seed)
    out: list[Claim] = []
    for k in range(n):
        day = dt.date(2025, 1, 1) + dt.timedelta(rng.randrange(90))
        when: dict[str, Any] = rng.choice([
            period(day.isoformat()), period(day.isoformat()[:7]), inferred(day.isoformat()),
            {"as_of": None, "as_of_start": None, "as_of_end": None},
        ])
        extra: dict[str, Any] = {}
        if dates:
            extra = {"kind": "date", **figure("exact", None), "subject": "treaty signed",
                     "date_text": rng.choice(["Monday", "on Thursday", None])}
            if when["as_of_start"] is None:
                when = {**when, "as_of": rng.choice(["last week", "recently", None])}
        else:
            value = rng.choice([1000, 1200, 5000, 5050, 12000, 30000])
            extra = figure(rng.choice(["exact", "approx", "more_than", "up_to", "range"]),
                           value, value, value * 1.5)
        if rng.random() < 0.1:
            extra["modality"] = rng.choice(["denied", "planned", "possible", "estimated"])
        if out and rng.random() < 0.1:  # a translation of an earlier claim, of its time
            original = rng.choice(out)
            extra["translation_of"] = original.id
            extra["language"] = "zh"
            when = {f: getattr(original, f) for f in ("as_of", "as_of_start", "as_of_end",
                                                       "as_of_inferred")}
        extra["attributed_to"] = f"source {rng.randrange(8)}"
        if out and rng.random() < 0.1:  # another figure of an earlier claim's sentence
            prev = rng.choice(out)
            extra["document"], extra["passage"] = prev.document, prev.passage
            when = {f: getattr(prev, f) for f in ("as_of", "as_of_start", "as_of_end",
                                                   "as_of_inferred")}
            # mostly in the same voice (parts of a whole), else another source's figure
            if rng.random() < 0.7:
                extra["attributed_to"] = prev.attributed_to
        out.append(make_claim(**when, **extra))
        del k
    return out


@pytest.mark.parametrize("dates", [False, True], ids=["figures", "dates"])
@pytest.mark.parametrize("seed", range(3))
def test_a_large_group_decided_over_columns_relates_as_pair_by_pair(
    config: ClaimsConfig, monkeypatch: pytest.MonkeyPatch, seed: int, dates: bool
) -> None:
    from claimtrack.reconcile import core as module

    claims = mixed_group(seed, 400, dates)
    columns = reconcile(claims, config)
    assert max(len(g.claims) for g in columns.groups) >= module.PAIR_COLUMNS_FROM
    monkeypatch.setattr(module, "PAIR_COLUMNS_FROM", 10**9)  # every pair one by one
    one_by_one = reconcile(claims, config)
    assert columns == one_by_one
    kinds = {r.type for g in columns.groups for r in g.relations}
    expected = {"denial", "translation"} | (
        set() if dates else {"update", "different_modality", "different_scope"})
    assert expected <= kinds
    assert columns.conflicts  # a large group lists its conflicts there only


def test_a_translation_does_not_repeat_its_originals_conflicts(config: ClaimsConfig) -> None:
    original = make_claim(document="a.txt", passage=2, **figure("approx", 12000))
    translated = make_claim(document="a.txt", passage=3, language="zh",
                            translation_of=original.id, **figure("approx", 12000))
    other = make_claim(document="b.txt", **figure("approx", 1500))
    result = reconcile([original, translated, other], config)
    assert [set(k.claims) for k in result.conflicts] == [{original.id, other.id}]


def test_a_date_whose_subject_only_says_who_spoke_names_no_shared_event(
    config: ClaimsConfig,
) -> None:
    # "Zelensky said on Sunday ..." in one article, "... Zelensky said on Monday" in another:
    # two statements, not one event dated twice
    def said(document: str, day: str) -> Claim:
        return make_claim(kind="date", document=document, subject="Volodymyr Zelensky said",
                          value=None, low=None, high=None, qualifier=None, **period(day))

    result = reconcile([said("a.txt", "2024-12-08"), said("b.txt", "2024-12-23")], config)
    assert result.conflicts == []
    assert len(result.groups) == 2


@pytest.mark.parametrize(
    ("first", "second", "parts"),
    [
        pytest.param(("two women", 2), ("four men", 4), True, id="other-people"),
        pytest.param(("four victims", 4), ("two others", 2), True, id="others"),
        pytest.param(("16 people", 16), ("Four people", 4), False, id="same-noun-conflicts"),
        pytest.param(("3", 3), ("two", 2), False, id="bare-figures-conflict"),
    ],
)
def test_figures_of_one_article_counting_different_people_are_parts(
    config: ClaimsConfig, first: tuple[str, int], second: tuple[str, int], parts: bool
) -> None:
    claims = [
        make_claim(kind="casualties.wounded", subject="people", location="Miami",
                   document="a.txt", passage=n, quote=quote, **figure("exact", value))
        for n, (quote, value) in enumerate((first, second))
    ]
    result = reconcile(claims, config)
    assert (result.conflicts == []) is parts
    if parts:
        assert relation_types(only_group(result)) == ["different_scope"]


def test_others_in_another_article_are_parts_too(config: ClaimsConfig) -> None:
    claims = [
        make_claim(kind="casualties.wounded", subject="people", location="Miami", document=doc,
                   quote=quote, **figure("exact", value), **UNDATED)
        for doc, quote, value in (("a.txt", "four victims", 4), ("b.txt", "two others", 2))
    ]
    assert reconcile(claims, config).conflicts == []


# ---------------------------------------------------------------- issue 16: families of causes


def test_a_count_dated_after_its_article_reads_as_of_publication(config: ClaimsConfig) -> None:
    """"3,000 have been sent" beside "10,000 expected by December", in an article of
    23 October: the count is of 23 October, so a December count is its update."""
    meta = {"early.txt": [ArticleMeta(published="2024-10-23")],
            "late.txt": [ArticleMeta(published="2024-12-20")]}
    early = make_claim(document="early.txt", **figure("exact", 3000), **period("2024-12"))
    late = make_claim(document="late.txt", **figure("more_than", 10000), **inferred("2024-12-20"))
    result = reconcile([early, late], config, documents_meta=meta)
    assert not result.conflicts
    group = only_group(result)
    assert relation_types(group) == ["update"]
    assert "as of publication 2024-10-23" in group.relations[0].reason


def test_a_plan_dated_after_its_article_keeps_its_date(config: ClaimsConfig) -> None:
    meta = {"a.txt": [ArticleMeta(published="2024-10-23")]}
    plan = make_claim(document="a.txt", kind="troops.planned", modality="planned",
                      **figure("exact", 10000), **period("2024-12"))
    other = make_claim(kind="troops.planned", modality="planned", **figure("exact", 20000),
                       **period("2024-12-20"))
    result = reconcile([plan, other], config, documents_meta=meta)
    assert len(result.conflicts) == 1


WHOLE = dict(kind="casualties.killed_or_wounded", subject="North Korean troops",
             location="Kursk")


@pytest.mark.parametrize(
    ("whole", "part", "conflict"),
    [
        # "several hundred casualties" against "1,100 wounded" the same day
        pytest.param(figure("vague", None, 200, 999), figure("exact", 1100), True,
                     id="whole-below-a-part"),
        pytest.param(figure("approx", 1100), figure("exact", 1000), False, id="part-inside"),
        # a whole stated a few days after its part cannot be the smaller: counts only grow
        pytest.param({**figure("exact", 500), **period("2024-12-22")}, figure("exact", 1100),
                     True, id="whole-days-later"),
        # a month later, a smaller whole is another story (an update), not this conflict
        pytest.param({**figure("exact", 500), **period("2025-02-20")}, figure("exact", 1100),
                     False, id="whole-much-later"),
    ],
)
def test_a_part_larger_than_the_whole_that_includes_it_conflicts(
    config: ClaimsConfig, whole: dict[str, Any], part: dict[str, Any], conflict: bool
) -> None:
    w = make_claim(**{**WHOLE, **period("2024-12-19"), **whole})
    p = make_claim(**{**WHOLE, "kind": "casualties.wounded", **period("2024-12-19"), **part})
    result = reconcile([w, p], config)
    assert bool(result.conflicts) == conflict
    if conflict:
        [c] = result.conflicts
        assert set(c.claims) == {w.id, p.id}
        assert "includes casualties.wounded" in c.reason


@pytest.mark.parametrize(
    ("killed", "wounded", "conflict"),
    [
        # "several hundred casualties", where the article counts 100 killed and 1,000 wounded
        pytest.param(100, 1000, True, id="parts-add-up-to-more"),
        pytest.param(100, 800, False, id="parts-fit-in-the-whole"),
    ],
)
def test_a_whole_below_the_sum_of_its_parts_in_one_article_conflicts(
    config: ClaimsConfig, killed: float, wounded: float, conflict: bool
) -> None:
    same = dict(document="a.txt", **period("2024-12-19"))
    w = make_claim(**WHOLE, **same, **figure("vague", None, 200, 999))
    k = make_claim(**{**WHOLE, "kind": "casualties.killed"}, **same, **figure("at_least", killed))
    p = make_claim(**{**WHOLE, "kind": "casualties.wounded"}, **same, **figure("exact", wounded))
    result = reconcile([w, k, p], config)
    assert bool(result.conflicts) == conflict
    if conflict:
        [c] = result.conflicts
        assert set(c.claims) == {w.id, p.id}
        assert k.id in c.reason and "below their sum" in c.reason


def test_a_part_exceeding_its_whole_in_one_sentence_still_conflicts(
    config: ClaimsConfig,
) -> None:
    same = dict(document="a.txt", passage=4, attributed_to="the ministry", **period("2024-12-19"))
    w = make_claim(**WHOLE, **same, **figure("exact", 300))
    p = make_claim(**{**WHOLE, "kind": "casualties.wounded"}, **same, **figure("exact", 400))
    assert len(reconcile([w, p], config).conflicts) == 1


@pytest.mark.parametrize(
    ("quote", "language", "value", "relation"),
    [
        ("1,500 special forces", "en", 1500, "different_scope"),
        ("six in critical condition", "en", 6, "different_scope"),
        ("1,000 of them", "en", 1000, "different_scope"),
        ("3,000 of the wounded", "en", 3000, "different_scope"),
        ("1500名特种部队", "zh", 1500, "different_scope"),
        ("其中1000人", "zh", 1000, "different_scope"),
        # no word narrows it: two counts of one quantity
        ("1,500 soldiers", "en", 1500, "conflict"),
        # a subset larger than the whole is still at odds with it
        ("20,000 special forces", "en", 20000, "conflict"),
    ],
)
def test_a_figure_narrowed_to_a_subset_is_part_of_the_whole(
    config: ClaimsConfig, quote: str, language: str, value: float, relation: str
) -> None:
    whole = make_claim(quote="12,000 troops", **figure("exact", 12000))
    part = make_claim(quote=quote, language=language, **figure("exact", value))
    result = reconcile([whole, part], config)
    assert relation_types(only_group(result)) == [relation]


@pytest.mark.parametrize(
    ("kind", "relation"),
    [
        # "600,000 may have died" is an estimate of what happened: compared as one
        ("casualties.killed", "conflict"),
        # "could send 20,000 troops" looks ahead: not a count of what happened
        ("troops.deployed", "different_modality"),
    ],
)
def test_a_possibility_about_a_count_nobody_plans_is_an_estimate(
    config: ClaimsConfig, kind: str, relation: str
) -> None:
    possible = make_claim(kind=kind, modality="possible", **figure("approx", 600000))
    stated = make_claim(kind=kind, **figure("range", None, 80000, 100000))
    assert relation_types(only_group(reconcile([possible, stated], config))) == [relation]


def test_figures_of_one_incident_sentence_without_nouns_are_one_count(
    config: ClaimsConfig,
) -> None:
    """"80,000 or 100,000" names no one: against "about 600,000 people" in the same article it
    is another count of the same dead, not a different part of them."""
    same = dict(document="a.txt", kind="casualties.killed", subject="people",
                location="Tigray", **period("2023-01-15"))
    many = make_claim(**same, passage=1, quote="About 600,000 people", **figure("approx", 600000))
    few = make_claim(**same, passage=9, quote="80,000 or 100,000",
                     **figure("range", None, 80000, 100000))
    result = reconcile([many, few], config)
    assert relation_types(only_group(result)) == ["conflict"]


@pytest.mark.parametrize(
    ("source_a", "source_b", "conflict"),
    [
        # the outlet's own account: "four were shot ... two died" are parts of the incident
        pytest.param(None, None, False, id="one-account-parts"),
        pytest.param("police", "police", False, id="one-source-parts"),
        # "police said three; a witness said two": two sources of one article compared
        pytest.param("police", "a witness", True, id="two-sources-compared"),
    ],
)
def test_one_sources_incident_figures_in_one_article_are_parts(
    config: ClaimsConfig, source_a: str | None, source_b: str | None, conflict: bool
) -> None:
    same = dict(document="a.txt", kind="casualties.killed", subject="people",
                location="Elm Street", **period("2019-05-04"))
    claims = [make_claim(**same, passage=1, quote="Four", attributed_to=source_a,
                         **figure("exact", 4)),
              make_claim(**same, passage=6, quote="two", attributed_to=source_b,
                         **figure("exact", 2))]
    assert bool(reconcile(claims, config).conflicts) == conflict


def test_undated_articles_at_one_place_are_not_one_incident(config: ClaimsConfig) -> None:
    """A city has many shootings: an undated article's figures join only the incident its
    own article dates, never another article's by the place alone."""
    place = dict(kind="casualties.killed", subject="people", location="Springfield")
    undated = {"as_of": None, "as_of_start": None, "as_of_end": None}
    dated = make_claim(**place, document="a.txt", **figure("exact", 1), **period("2015-07-02"))
    same_article = make_claim(**place, document="a.txt", passage=5, **figure("exact", 1),
                              **undated)
    other = make_claim(**place, document="b.txt", **figure("exact", 2), **undated)
    groups = reconcile([dated, same_article, other], config).groups
    assert sorted(sorted(g.claims) for g in groups) == sorted(
        [sorted([dated.id, same_article.id]), [other.id]])


@pytest.mark.parametrize(
    ("quotes", "best"),
    [
        # "10 women and 7 men were wounded": one incident's count is the sum
        pytest.param(("10 women", "7 men"), 17, id="parts-by-noun-add-up"),
        # "two others" counts besides someone counted elsewhere: not added here
        pytest.param(("4 people", "two others"), 3, id="others-not-added"),
        # "three of the victims" is a part of the others, not another part beside them
        pytest.param(("4 people", "2 of the victims"), 3, id="subset-not-added"),
    ],
)
def test_an_incidents_parts_in_one_sentence_add_up_in_the_estimate(
    config: ClaimsConfig, quotes: tuple[str, str], best: float
) -> None:
    same = dict(document="a.txt", passage=2, kind="casualties.wounded", subject="people",
                location="Elm Street", attributed_to="police", **period("2019-05-04"))
    values = [int(q.split()[0]) if q[0].isdigit() else 2 for q in quotes]
    claims = [make_claim(**same, quote=q, **figure("exact", v))
              for q, v in zip(quotes, values, strict=True)]
    group = only_group(reconcile(claims, config))
    assert group.estimate is not None and group.estimate.best == best


# ---------------------------------------------------------------- events of date claims


def date_of(subject: str, day: str, *, item: str | None = "troops.deployed",
            **overrides: Any) -> Claim:
    return make_date(subject=subject, item=item, date_text=day, **period(day), **overrides)


def test_one_sides_statement_is_one_event_across_articles_and_languages(
    config: ClaimsConfig,
) -> None:
    """The state agency "said Monday" (28th), its Chinese line says 周日 (27th), and another
    article has the government "acknowledge" it on the 28th: one statement, two dates."""
    said = date_of("KCNA said", "2025-04-28", document="a.txt")
    zh = date_of("KCNA 援引", "2025-04-27", document="a.txt", language="zh",
                 translation_of=said.id)
    other = date_of("North Korean government acknowledged", "2025-04-28", document="b.txt")
    result = reconcile([said, zh, other], config)
    [group] = [g for g in result.groups if len(g.claims) == 3]
    assert group.subject == "North Korea statement on troops.deployed"
    pairs = {frozenset(c.claims) for c in result.conflicts}
    assert pairs == {frozenset((said.id, zh.id)), frozenset((zh.id, other.id))}


def test_a_statement_told_with_more_of_its_topics_is_the_same_event(
    config: ClaimsConfig,
) -> None:
    """One article names the arms sent beside the troops, the other only the troops: one
    statement, and its two dates conflict; a statement on other topics stays apart."""
    said = date_of("KCNA said", "2025-04-27", document="a.txt",
                   item="equipment troops.deployed")
    other = date_of("North Korean government acknowledged", "2025-04-28", document="b.txt")
    apart = date_of("KCNA said", "2025-04-28", document="c.txt", item="casualties.killed")
    result = reconcile([said, other, apart], config)
    [group] = [g for g in result.groups if len(g.claims) == 2]
    assert sorted(group.claims) == sorted((said.id, other.id))
    assert group.subject == "North Korea statement on equipment troops.deployed"
    assert [frozenset(c.claims) for c in result.conflicts] == [frozenset((said.id, other.id))]


@pytest.mark.parametrize(
    ("second", "conflicts"),
    [
        # a day apart: one statement dated differently (a time zone, a report of the day before)
        pytest.param(dict(day="2025-04-27"), 1, id="a-day-apart"),
        # weeks apart: two statements of one side on one topic, both right
        pytest.param(dict(day="2025-05-20"), 0, id="weeks-apart"),
        # about nothing tracked: names no event another article could date
        pytest.param(dict(day="2025-04-27", item=None), 0, id="no-topic"),
        # another side's statement on the topic is another event
        pytest.param(dict(day="2025-04-27", subject="Kyiv said"), 0, id="other-side"),
    ],
)
def test_statements_are_matched_by_side_topic_and_day(
    config: ClaimsConfig, second: dict[str, Any], conflicts: int
) -> None:
    first = date_of("KCNA said", "2025-04-28", document="a.txt")
    args = {"subject": "North Korean government confirmed", **second}
    other = date_of(args.pop("subject"), args.pop("day"), document="b.txt", **args)
    assert len(reconcile([first, other], config).conflicts) == conflicts


@pytest.mark.parametrize(
    ("days", "conflict"),
    [
        (("2024", "2024-06/2024-07"), False),  # "signed last year", "just over a year ago"
        (("2023", "2024-06"), True),
    ],
)
def test_an_act_is_one_event_by_its_verb_and_topic_across_articles(
    config: ClaimsConfig, days: tuple[str, str], conflict: bool
) -> None:
    a = date_of("signed", days[0], document="a.txt")
    b = date_of("Kremlin signed", days[1], document="b.txt")
    result = reconcile([a, b], config)
    assert len(result.groups) == 1
    assert bool(result.conflicts) == conflict


@pytest.mark.parametrize(
    ("figures", "best"),
    [
        # "at least 3" is itself possible: with nothing more precise, it is the best figure
        pytest.param([figure("at_least", 3)], 3, id="a-floor"),
        pytest.param([figure("at_least", 3), figure("at_least", 5)], 5, id="the-largest-floor"),
        # "more than 3" and "up to 3" say what the figure is not: no best figure
        pytest.param([figure("more_than", 3)], None, id="more-than"),
        pytest.param([figure("up_to", 3)], None, id="up-to"),
        # a point figure wins over floors
        pytest.param([figure("at_least", 3), figure("exact", 4)], 4, id="a-point"),
    ],
)
def test_a_group_of_bounds_only_takes_its_largest_floor_as_best(
    config: ClaimsConfig, figures: list[dict[str, Any]], best: float | None
) -> None:
    claims = [make_claim(**f) for f in figures]
    group = only_group(reconcile(claims, config))
    assert group.estimate is not None and group.estimate.best == best


def test_figures_orders_of_magnitude_apart_are_a_weak_conflict(config: ClaimsConfig) -> None:
    """"two" against 15,000 more likely counts something else than disagrees on the count."""
    base = make_claim(**figure("exact", 15000), document="a.txt")
    close = make_claim(**figure("exact", 9000), document="b.txt")
    far = make_claim(**figure("exact", 2), document="c.txt")
    result = reconcile([base, close, far], config)
    by_pair = {frozenset(k.claims): k.strength for k in result.conflicts}
    assert by_pair[frozenset((base.id, far.id))] < 0.1 < by_pair[frozenset((base.id, close.id))]
    assert all(0 < k.strength <= 1 for k in result.conflicts)


@pytest.mark.parametrize(
    ("bylines", "sources"),
    [
        # one wire story printed by two outlets: the agency's, counted once
        pytest.param(("AFP", "By AFP | 3 May 2025"), 1, id="wire-credit"),
        pytest.param(("By Jane Roe, Associated Press", "AP"), 1, id="agency-after-a-name"),
        # reporters' own stories: two outlets, two sources
        pytest.param(("Jane Roe", "John Doe"), 2, id="own-reporters"),
    ],
)
def test_a_wire_credit_makes_the_agency_the_origin(
    config: ClaimsConfig, bylines: tuple[str, str], sources: int
) -> None:
    meta = {"a.txt": [ArticleMeta(outlet="Daily One", byline=bylines[0])],
            "b.txt": [ArticleMeta(outlet="Daily Two", byline=bylines[1])]}
    claims = [make_claim(document=doc, attributed_to=None, **figure("approx", 12000))
              for doc in meta]
    group = only_group(reconcile(claims, config, documents_meta=meta))
    assert group.independent_sources == sources


@pytest.mark.parametrize(
    ("figures", "best"),
    [
        # "53 were wounded ... six remain in critical condition": the account's whole is 53
        pytest.param([figure("exact", 53), figure("exact", 6)], 53, id="largest-is-the-whole"),
        # a vague word does not outweigh a precise figure of the same account
        pytest.param([figure("exact", 49), figure("vague", None, 24, 99)], 49,
                     id="precise-over-vague"),
        pytest.param([figure("vague", None, 24, 99)], 61.5, id="vague-alone"),
    ],
)
def test_one_accounts_incident_figures_give_its_largest_as_the_whole(
    config: ClaimsConfig, figures: list[dict[str, Any]], best: float
) -> None:
    same = dict(document="a.txt", kind="casualties.wounded", subject="people",
                location="Elm Street", attributed_to="police", **period("2019-05-04"))
    claims = [make_claim(**same, passage=n, **f) for n, f in enumerate(figures)]
    group = only_group(reconcile(claims, config))
    assert group.estimate is not None and group.estimate.best == best


@pytest.mark.parametrize(
    ("earlier", "later", "relation"),
    [
        # "around 70,000 dead", then two weeks later another source's "around 40,000 dead":
        # a running total never falls
        pytest.param(dict(**figure("approx", 70000), **period("2024-11-20/2024-11-26")),
                     dict(**figure("approx", 40000), **inferred("2024-12-08")),
                     "conflict", id="later-lower-total-of-another-source"),
        pytest.param(dict(**figure("approx", 40000), **period("2024-11-20/2024-11-26")),
                     dict(**figure("approx", 70000), **inferred("2024-12-08")),
                     "update", id="later-higher-total"),
        # "1,200 killed in November": a period's count, not the total
        pytest.param(dict(**figure("approx", 40000), **inferred("2024-10-28")),
                     dict(**figure("exact", 1200), **period("2024-11")),
                     "update", id="a-period-count-below-the-total"),
        # the same source revising its figure down
        pytest.param(dict(**figure("approx", 70000), attributed_to="ministry",
                          **period("2024-11-20")),
                     dict(**figure("approx", 40000), attributed_to="ministry",
                          **inferred("2024-12-08")),
                     "update", id="one-source-revises"),
        # ten times lower: a unit's or a front's dead, not the war's
        pytest.param(dict(**figure("approx", 70000), **period("2024-11-20/2024-11-26")),
                     dict(**figure("approx", 900), **inferred("2024-12-08")),
                     "update", id="ten-times-lower"),
        # a year apart: the later figure may count something narrower
        pytest.param(dict(**figure("approx", 70000), **period("2023-11-20")),
                     dict(**figure("approx", 40000), **inferred("2024-12-08")),
                     "update", id="a-year-apart"),
    ],
)
def test_a_running_total_that_falls_is_a_conflict(
    config: ClaimsConfig, earlier: dict[str, Any], later: dict[str, Any], relation: str
) -> None:
    claims = [make_claim(kind="casualties.killed", subject="Ukrainian troops", **fields)
              for fields in (earlier, later)]
    result = reconcile(claims, config)
    assert [r.type for r in only_group(result).relations] == [relation]
    if relation == "conflict":
        assert "never falls" in result.conflicts[0].reason


def test_troops_are_no_running_total(config: ClaimsConfig) -> None:
    # troops withdrawn: fewer later is an update
    claims = [make_claim(**figure("approx", 12000), **period("2024-11-20")),
              make_claim(**figure("approx", 8000), **inferred("2024-12-08"))]
    assert [r.type for r in only_group(reconcile(claims, config)).relations] == ["update"]


def _undated_article_case(
    config: ClaimsConfig, shared: dict[str, Any], stated: str | None = None
) -> tuple[Reconciliation, list[Claim]]:
    """An undated article (c.txt: no metadata, no date in its text) giving 3,000 wounded and
    a figure `shared` with dated articles, against a dated article's 4,700 wounded."""
    meta: dict[str, DocumentMeta] = {
        "a.txt": [ArticleMeta(outlet="Daily One", published="2025-04-30")],
        "b.txt": [ArticleMeta(outlet="Daily Two", published="2025-04-29")],
        "c.txt": [ArticleMeta(outlet="Daily Three")],
    }
    wounded = dict(kind="casualties.wounded", attributed_to=None)
    claims = [
        make_claim(document="a.txt", **wounded, **figure("approx", 4700), **inferred("2025-04-30")),
        make_claim(document="b.txt", **figure("exact", 15000), **inferred("2025-04-29")),
        make_claim(document="c.txt", **wounded, **figure("exact", 3000), **UNDATED),
        make_claim(document="c.txt", passage=2, **shared, **UNDATED),
    ]
    if stated is not None:
        claims.append(make_claim(document="c.txt", passage=5, kind="casualties.killed",
                                 **figure("exact", 200), **period(stated)))
    return reconcile(claims, config, documents_meta=meta), claims


def test_an_undated_article_is_placed_by_the_dated_articles_that_share_its_figures(
    config: ClaimsConfig,
) -> None:
    # "15,000 troops sent" in the undated article, as a dated article gave the day before:
    # its "3,000 wounded" is of that time, against another article's "around 4,700 wounded"
    result, claims = _undated_article_case(config, figure("exact", 15000))
    (conflict,) = result.conflicts
    assert set(conflict.claims) == {claims[0].id, claims[2].id}
    assert "placed in 2025-04-22/2025-05-06" in conflict.reason


def test_an_undated_article_sharing_no_figure_stays_undated(config: ClaimsConfig) -> None:
    result, _ = _undated_article_case(config, figure("exact", 9000))
    assert result.conflicts == []


def test_an_undated_article_is_placed_no_earlier_than_the_time_it_states(
    config: ClaimsConfig,
) -> None:
    # it speaks of September: written then at the earliest, not in April
    result, _ = _undated_article_case(config, figure("exact", 15000), stated="2025-09-02")
    assert result.conflicts == []


def test_people_in_general_are_not_placed(config: ClaimsConfig) -> None:
    # "two killed" recurs in unrelated stories: no tie between articles
    meta: dict[str, DocumentMeta] = {"a.txt": [ArticleMeta(outlet="One", published="2019-05-04")],
                                     "c.txt": [ArticleMeta(outlet="Three")]}
    killed = dict(kind="casualties.killed", subject="people", attributed_to=None)
    hurt = {**killed, "kind": "casualties.wounded"}
    day = inferred("2019-05-04")
    claims = [make_claim(document="a.txt", **killed, **figure("exact", 2), **day),
              make_claim(document="a.txt", **hurt, **figure("exact", 5), **day),
              make_claim(document="c.txt", **killed, **figure("exact", 2), **UNDATED),
              make_claim(document="c.txt", **hurt, **figure("exact", 9), **UNDATED)]
    result = reconcile(claims, config, documents_meta=meta)
    assert result.conflicts == []
