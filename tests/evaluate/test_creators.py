"""The evaluation page's creator section agrees with the detectors' own pages."""

from __future__ import annotations

import re
from pathlib import Path

from nichescout.audit import evaluate_disclosure
from nichescout.audit.evaluate import EvalRow
from nichescout.evaluate.creators import accounts_lines, disclosure_lines
from nichescout.evaluate.report import render_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_disclosure_figures_match_the_disclosure_page() -> None:
    rows = evaluate_disclosure.load_labelled(evaluate_disclosure.DEFAULT_DATA)
    scores, _ = evaluate_disclosure.evaluate(rows)
    ours = {
        tuple(cells[:2]): (cells[2], cells[3])
        for line in disclosure_lines(scores)[2:]
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    page = (DOCS / "evaluation-disclosure.md").read_text(encoding="utf-8")
    theirs = {}
    for line in page.splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if len(cells) == 8 and cells[0] in ("development", "report"):
            theirs[(cells[0], cells[1])] = (cells[4], cells[7])
    assert theirs and ours == theirs


def test_accounts_table_bolds_the_better_and_ranges_cover_every_pair() -> None:
    rows = [
        EvalRow("within", "a", "a", "model", 0.91, 0.5, 100, 0.25),
        EvalRow("within", "a", "a", "ratio", 0.95, 0.4, 100, 0.25),
        EvalRow("across", "a", "b", "model", 0.70, 0.3, 50, 0.5),
        EvalRow("across", "a", "b", "ratio", 0.60, 0.3, 50, 0.5),
        EvalRow("across", "b", "a", "model", 0.88, 0.3, 100, 0.25),
        EvalRow("across", "b", "a", "ratio", 0.52, 0.3, 100, 0.25),
    ]
    lines = accounts_lines(rows)
    assert lines[2] == "| a | 100 | 25.0% | 0.910 | **0.950** | **0.500** | 0.400 |"
    assert re.search(r"2 pairs\): ROC AUC 0\.700–0\.880 for the model, 0\.520–0\.600", lines[-1])


def test_the_section_goes_before_the_data_sets_not_evaluated() -> None:
    text = render_markdown([], command="(test)", creators=["## Creator analytics", "", "x"])
    assert text.index("## Creator analytics") < text.index("## Data sets not evaluated")
