"""docs/evaluation-comments.md is what the committed command makes, and what it claims holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from nichescout.comments.evaluate import (
    DEFAULT_DATA,
    DEFAULT_DOC,
    evaluate,
    load_labelled,
    macro_f1,
    main,
    prf,
    render_markdown,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return load_labelled(ROOT / DEFAULT_DATA)


def test_labelled_set_shape(rows: list[dict[str, str]]) -> None:
    assert len(rows) == 120
    assert sum(r["half"] == "development" for r in rows) == 60
    assert {r["sentiment"] for r in rows} == {"positive", "neutral", "negative"}
    assert {r["generic"] for r in rows} == {"true", "false"}
    assert len({r["text"] for r in rows}) == 120


def test_page_is_what_the_command_makes(rows: list[dict[str, str]]) -> None:
    page = render_markdown(rows, data=DEFAULT_DATA)
    assert (ROOT / DEFAULT_DOC).read_text(encoding="utf-8") == page, (
        "docs/evaluation-comments.md is stale: python -m nichescout.comments.evaluate "
        "--out docs/evaluation-comments.md"
    )


def test_methods_against_baselines(rows: list[dict[str, str]]) -> None:
    """On the report half: VADER beats the majority class; the rules are within one comment
    of the length baseline's F1, with a precision at least as high, and beat the majority
    class (the page says no more)."""
    sentiments, generics, _ = evaluate(rows)
    pick = {(s.half, s.method.split(" (")[0]): s for s in sentiments}
    vader = pick[("report", "VADER, adjusted")]
    majority = pick[("report", "majority class")]
    assert vader.accuracy > majority.accuracy + 0.15
    assert vader.macro_f1 > majority.macro_f1 + 0.3
    g = {(s.half, s.method.split(" (")[0]): s for s in generics}
    assert g[("report", "rules")].f1 >= g[("report", "length < 15 characters")].f1 - 0.02
    assert g[("development", "rules")].f1 > g[("development", "length < 15 characters")].f1
    assert g[("report", "rules")].precision >= g[("report", "length < 15 characters")].precision
    assert g[("report", "majority class")].f1 == 0


def test_metrics_by_hand() -> None:
    assert prf([True, False, True], [True, True, False]) == (0.5, 0.5, 0.5)
    assert prf([False], [False]) == (0.0, 0.0, 0.0)
    # positive F1 = 0.5, neutral F1 = 0, negative F1 = 1
    got = macro_f1(["positive", "positive", "neutral", "negative"],
                   ["positive", "neutral", "positive", "negative"])  # fmt: skip
    assert got == pytest.approx((0.5 + 0 + 1) / 3)
    assert macro_f1(["positive"], [None]) == 0


def test_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "page.md"
    assert main(["--data", str(ROOT / DEFAULT_DATA), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Comment sentiment")
