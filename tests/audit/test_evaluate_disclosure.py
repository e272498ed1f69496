"""The disclosure evaluation: the labelled set is sound, the baseline is the flat list it
claims to be, and docs/evaluation-disclosure.md is what the committed command makes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from nichescout.audit import evaluate_disclosure
from nichescout.audit.evaluate_disclosure import (
    DEFAULT_DATA,
    DEFAULT_DOC,
    DEFAULT_REAL,
    evaluate,
    evaluate_real,
    keyword_baseline,
    load_labelled,
    main,
    prf,
    render_markdown,
)
from nichescout.audit.evaluate_real import SKIPPED, label_id, load_real
from nichescout.audit.lexicon import LANGUAGES
from tests.audit.test_disclosure_real import KNOWN_CRASHES, KNOWN_ERRORS

ROOT = Path(__file__).resolve().parents[2]
REAL = "## On real texts"


def without_real(page: str) -> str:
    """The page without its section "On real texts" (which needs ../shared/data)."""
    head, found, rest = page.partition(REAL)
    assert found, "the page has no section 'On real texts'"
    _, heading, tail = rest.partition("\n## ")
    return head + (heading + tail if heading else "")


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
    """All but the real-text section, which needs the shared exports (next test)."""
    page = (ROOT / DEFAULT_DOC).read_text(encoding="utf-8")
    assert without_real(render_markdown(rows)) == without_real(page), (
        "docs/evaluation-disclosure.md is stale: run "
        "python -m nichescout.audit.evaluate_disclosure --out docs/evaluation-disclosure.md"
    )


def test_the_whole_page_is_what_the_command_makes(
    shared_data: Path, rows: list[dict[str, str]]
) -> None:
    page = (ROOT / DEFAULT_DOC).read_text(encoding="utf-8")
    made = render_markdown(rows, shared=shared_data, real=ROOT / DEFAULT_REAL)
    assert made == page, (
        "docs/evaluation-disclosure.md is stale: run "
        "python -m nichescout.audit.evaluate_disclosure --out docs/evaluation-disclosure.md"
    )
    assert "found **0 of the 8 sponsored texts**" in page  # as tests/audit/data/README.md says


def test_the_command_writes_the_page(tmp_path: Path, rows: list[dict[str, str]]) -> None:
    out = tmp_path / "page.md"
    args = ["--data", str(ROOT / DEFAULT_DATA), "--out", str(out)]
    assert main([*args, "--shared", str(tmp_path / "absent")]) == 0
    assert out.read_text(encoding="utf-8") == render_markdown(rows, data=ROOT / DEFAULT_DATA)


def test_without_the_shared_exports_the_real_section_says_it_is_skipped(
    rows: list[dict[str, str]],
) -> None:
    page = render_markdown(rows, shared=None)
    assert page.rstrip().endswith(f"{REAL}\n\n{SKIPPED}")
    assert render_markdown(rows, shared="/nonexistent/shared/data") == page


def test_the_real_sections_errors_are_the_known_errors(shared_data: Path) -> None:
    results = evaluate_real(load_real(ROOT / DEFAULT_REAL), shared_data)
    wrong = {(r.row["source"], r.row["record_id"]) for r in results if not r.right}
    assert wrong == set(KNOWN_ERRORS) | set(KNOWN_CRASHES)
    assert not any(r.raised for r in results)


def test_a_text_the_rules_raise_on_is_reported_not_fatal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def boom(text: str, language: str | None = None) -> None:
        raise ValueError("Invalid IPv6 URL")

    monkeypatch.setattr(evaluate_disclosure, "shared_text", lambda root, source, rid: "text")
    monkeypatch.setattr(evaluate_disclosure, "assess", boom)
    row = {"source": "reddit/ethereum", "record_id": "t1_x", "language": "en",
           "sponsored": "false", "disclosure": "none", "kind": "hard negative", "why": "w"}  # fmt: skip
    [result] = evaluate_real([row], tmp_path)
    assert result.raised and not result.right  # a crash is an error, whatever the truth
    assert result.reason == "raised ValueError: Invalid IPv6 URL"
    assert label_id(result.row) == "reddit/ethereum:t1_x"


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
