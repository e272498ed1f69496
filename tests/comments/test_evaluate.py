"""docs/evaluation-comments.md is what the committed command makes, and what it claims holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from nichescout.audit.evaluate_real import SKIPPED
from nichescout.comments.evaluate import (
    DEFAULT_DATA,
    DEFAULT_DOC,
    DEFAULT_REAL,
    evaluate,
    load_labelled,
    macro_f1,
    main,
    prf,
    render_markdown,
)
from tests.audit.test_evaluate_disclosure import REAL, without_real
from tests.comments.test_quality_real import KNOWN_ERRORS

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
    """All but the real-text section, which needs the shared exports (next test)."""
    page = render_markdown(rows, data=DEFAULT_DATA)
    assert without_real((ROOT / DEFAULT_DOC).read_text(encoding="utf-8")) == without_real(page), (
        "docs/evaluation-comments.md is stale: python -m nichescout.comments.evaluate "
        "--out docs/evaluation-comments.md"
    )


def test_whole_page_is_what_the_command_makes(
    shared_data: Path, rows: list[dict[str, str]]
) -> None:
    page = render_markdown(rows, data=DEFAULT_DATA, shared=shared_data, real=ROOT / DEFAULT_REAL)
    assert (ROOT / DEFAULT_DOC).read_text(encoding="utf-8") == page, (
        "docs/evaluation-comments.md is stale: python -m nichescout.comments.evaluate "
        "--out docs/evaluation-comments.md"
    )
    # the figures of tests/comments/data/README.md
    assert "| rules (nichescout) | 32 | 20/32 = 0.62 | 20/31 = 0.65 |" in page
    assert "precision 10/11 = 0.91, recall 10/16 = 0.62" in page
    # every known error of the real set's test, and no other, is listed with its reason
    cells = [line.split(" | ") for line in page.split(REAL)[1].splitlines()]
    listed = {(c[0], c[1]) for c in cells if len(c) > 2 and c[1] in ("generic", "question")}
    assert listed == {(f"| {s}:{r}", flag) for s, r, flag in KNOWN_ERRORS}


def test_without_the_shared_exports_the_real_section_says_it_is_skipped(
    rows: list[dict[str, str]],
) -> None:
    page = render_markdown(rows, data=DEFAULT_DATA)
    section = page.split(REAL)[1].split("\n## ")[0]
    assert section.strip() == SKIPPED
    assert render_markdown(rows, data=DEFAULT_DATA, shared="/nonexistent/shared/data") == page


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
    absent = str(tmp_path / "absent")
    assert main(["--data", str(ROOT / DEFAULT_DATA), "--out", str(out), "--shared", absent]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Comment sentiment")
    assert SKIPPED in out.read_text(encoding="utf-8")
    assert "section 'On real texts' skipped" in capsys.readouterr().err
