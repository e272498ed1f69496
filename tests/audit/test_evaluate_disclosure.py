"""The disclosure evaluation: the labelled set is sound, the baseline is the flat list it
claims to be, and docs/evaluation-disclosure.md is what the committed command makes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from nichescout.audit.evaluate_disclosure import (
    DEFAULT_DATA,
    DEFAULT_DOC,
    evaluate,
    keyword_baseline,
    load_labelled,
    main,
    prf,
    render_markdown,
)
from nichescout.audit.lexicon import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return load_labelled(ROOT / DEFAULT_DATA)


def test_the_labelled_set_is_sound(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 200
    assert len({r["post_id"] for r in rows}) == len(rows)
    assert set(Counter(r["language"] for r in rows)) == set(LANGUAGES)
    for row in rows:
        assert row["split"] == ("development" if row["post_id"][3] == "d" else "report")
        assert row["disclosure"] in ("clear", "unclear", "none")
        if row["sponsored"] == "false":
            assert row["disclosure"] == "none", row["post_id"]
        fix = row["sponsored"] == "true" and row["disclosure"] != "clear"
        assert row["needs_fixing"] == str(fix).lower(), row["post_id"]
    per_half = Counter((r["split"], r["language"]) for r in rows)
    assert min(per_half.values()) >= 15


@pytest.mark.parametrize(
    "caption,expected",
    [
        ("#ad new serum", (True, "clear")),
        ("Sunrise hike #adventure", (True, "clear")),  # the substring trap the rules avoid
        ("refactoring legacy code", (True, "none")),
        ("#sp new leggings", (True, "unclear")),
        ("Anzeige | Curry mit @gewuerzwerk", (False, "none")),  # bare words are not listed
        ("Sunrise hike", (False, "none")),
    ],
)
def test_keyword_baseline(caption: str, expected: tuple[bool, str]) -> None:
    assert keyword_baseline(caption) == expected


def test_prf_against_hand_counts() -> None:
    # tp = 2, fp = 1, fn = 1
    p, r, f = prf([True, True, True, False, False], [True, True, False, True, False])
    assert (p, r) == (2 / 3, 2 / 3) and f == pytest.approx(2 / 3)
    assert prf([False], [False]) == (0.0, 0.0, 0.0)


def test_the_page_is_what_the_command_makes(rows: list[dict[str, str]]) -> None:
    page = (ROOT / DEFAULT_DOC).read_text(encoding="utf-8")
    assert render_markdown(rows) == page, (
        "docs/evaluation-disclosure.md is stale: run "
        "python -m nichescout.audit.evaluate_disclosure --out docs/evaluation-disclosure.md"
    )


def test_the_command_writes_the_page(tmp_path: Path, rows: list[dict[str, str]]) -> None:
    out = tmp_path / "page.md"
    assert main(["--data", str(ROOT / DEFAULT_DATA), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_markdown(rows, data=ROOT / DEFAULT_DATA)


def test_the_rules_beat_both_keyword_lists_on_the_report_half(
    rows: list[dict[str, str]],
) -> None:
    scores, _ = evaluate(rows)
    for target in ("sponsored", "needs_fixing"):
        f1 = {
            s.method: s.f1
            for s in scores
            if s.half == "report" and s.language == "all" and s.target == target
        }
        for baseline in ("keyword list", "longer keyword list"):
            assert f1["rules"] >= f1[baseline] + 0.15, (target, f1)
            assert f1["rules, language detected"] >= f1[baseline] + 0.15, (target, f1)


def test_readme_documents_the_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "nichescout audit disclosure" in readme
    assert "docs/evaluation-disclosure.md" in readme
