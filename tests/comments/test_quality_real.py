"""Generic comments and questions on real public comments, judged by hand
(tests/comments/data/README.md).

``comments_real.csv`` names each comment by its export and its id there; the text is read from
the shared data at run time, so no third-party text is copied into the repository. The truth
(``generic``, ``question``) was written by reading each comment in its thread, before the
detector was run; what the detector gets wrong is listed in :data:`KNOWN_ERRORS` and runs as a
strict xfail, so that a fix shows up as an unexpected pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nichescout.audit.evaluate_real import load_real, shared_text
from nichescout.comments import generic_reason, is_generic
from nichescout.comments.text import asks_question

DATA = Path(__file__).parent / "data" / "comments_real.csv"
COLUMNS = ["source", "record_id", "generic", "question", "why"]


ROWS = load_real(DATA)

#: (source, record_id, flag) the detector gets wrong today, flag ``generic`` or ``question``,
#: with what it does instead. The truth stays as judged; strict xfail makes a fix show up.
KNOWN_ERRORS: dict[tuple[str, str, str], str] = {
    (
        "reddit/ethereum",
        "t1_ogvsss7",
        "generic",
    ): "thanks alone in 7 words: not a stock phrase, more than 2 words",
    (
        "reddit/ethereum",
        "t1_o8q34o2",
        "generic",
    ): "'Hell yeah man' is not a stock phrase, so the comment is not made of them alone",
    ("reddit/ethereum", "t1_oz5ikqo", "generic"): "praise in 4 words, no stock phrase",
    (
        "reddit/ethereum",
        "t1_p4eq0ip",
        "generic",
    ): "long praise and thanks: only short comments and stock phrases are caught",
    (
        "reddit/ethereum",
        "t1_obzwf70",
        "generic",
    ): "'Huh?' has a question mark, so the few-words rule skips it",
    (
        "reddit/ethereum",
        "t1_obzwf70",
        "question",
    ): "any '?' with a word counts as a question, bewilderment too",
    (
        "reddit/ethereum",
        "t1_ohjfqn3",
        "generic",
    ): "laughter in 3 words: over the 2-word limit, no stock phrase",
    (
        "reddit/ethereum",
        "t1_ok3hw2p",
        "generic",
    ): "an exclamation in 3 words: over the 2-word limit",
    ("stackexchange/quantumcomputing", "c721", "generic"): "'Stellar answer' is not a stock phrase",
    (
        "stackexchange/quantumcomputing",
        "c939",
        "generic",
    ): "praise and thanks in 5 words, no stock phrase",
    (
        "stackexchange/quantumcomputing",
        "c2735",
        "generic",
    ): "praise and thanks in 4 words, no stock phrase",
    (
        "stackexchange/datascience-2014",
        "c1912",
        "generic",
    ): "thanks and praise in 4 words, no stock phrase",
    (
        "reddit/ethereum",
        "t1_okruo2h",
        "generic",
    ): "a price is one 'word': the few-words rule calls it generic",
    (
        "reddit/ethereum",
        "t1_opp8c47",
        "generic",
    ): "a 2-word answer is generic by the few-words rule",
    (
        "reddit/ethereum",
        "t1_oo5wt7g",
        "generic",
    ): "a 1-word answer is generic by the few-words rule",
    (
        "reddit/ethereum",
        "t1_owupbyb",
        "generic",
    ): "a 2-word answer is generic by the few-words rule",
    ("reddit/ethereum", "t1_oldyydn", "question"): "no question mark, so no question",
    ("reddit/ethereum", "t1_oq7tu3v", "question"): "no question mark, so no question",
    ("reddit/ethereum", "t1_ogygx0p", "question"): "no question mark, so no question",
    (
        "slack/10academy",
        "adludios-challange/1667560386.778969",
        "generic",
    ): "a 2-word question without '?' is generic by the few-words rule",
    (
        "slack/10academy",
        "adludios-challange/1667560386.778969",
        "question",
    ): "no question mark, so no question",
    (
        "discord/meshcore",
        "1458498891715576042/1460462777729810635",
        "generic",
    ): "a 2-word question without '?' is generic by the few-words rule",
    (
        "discord/meshcore",
        "1458498891715576042/1460462777729810635",
        "question",
    ): "no question mark, so no question",
    (
        "discord/meshcore",
        "1460032634787729506/1463496608174964840",
        "question",
    ): "no question mark, so no question",
    (
        "github/secp256k1",
        "600/478609718",
        "generic",
    ): "a 2-word review verdict is generic by the few-words rule",
    ("github/secp256k1", "592/473956998", "generic"): "an ACK with a commit hash is 2 'words'",
    (
        "stackexchange/quantumcomputing",
        "c1007",
        "generic",
    ): "a 2-word request is generic by the few-words rule",
    (
        "stackexchange/datascience-2014",
        "c1822",
        "generic",
    ): "a bare link has no words (links are not words)",
    (
        "discord/meshcore",
        "1437565846435139668/1438054407722897420",
        "generic",
    ): "a 2-word report is generic by the few-words rule",
    (
        "discord/meshcore",
        "1404852057021874226/1406332973879660746",
        "generic",
    ): "a 2-word answer is generic by the few-words rule",
}


def _params(flag: str) -> list[object]:
    out = []
    for row in ROWS:
        key = (row["source"], row["record_id"], flag)
        marks = (
            [pytest.mark.xfail(strict=True, reason=KNOWN_ERRORS[key])]
            if key in KNOWN_ERRORS
            else []
        )
        out.append(pytest.param(row, marks=marks, id=f"{row['source']}:{row['record_id']}"))
    return out


def test_real_set_is_well_formed() -> None:
    assert ROWS and list(ROWS[0]) == COLUMNS
    keys = [(r["source"], r["record_id"]) for r in ROWS]
    assert len(set(keys)) == len(keys) >= 40
    for row in ROWS:
        assert row["generic"] in {"true", "false"}
        assert row["question"] in {"true", "false"}
        assert not (row["generic"] == "true" and row["question"] == "true")
        assert row["why"]
    assert {(s, r) for s, r, _ in KNOWN_ERRORS} <= set(keys)
    assert {flag for _, _, flag in KNOWN_ERRORS} <= {"generic", "question"}


@pytest.mark.parametrize("row", _params("generic"))
def test_real_generic(shared_data: Path, row: dict[str, str]) -> None:
    text = shared_text(shared_data, row["source"], row["record_id"])
    assert text.strip()
    assert is_generic(text) == (row["generic"] == "true"), generic_reason(text)


@pytest.mark.parametrize("row", _params("question"))
def test_real_question(shared_data: Path, row: dict[str, str]) -> None:
    text = shared_text(shared_data, row["source"], row["record_id"])
    assert asks_question(text) == (row["question"] == "true")
