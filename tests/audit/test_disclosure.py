"""The disclosure decision: hand-made cases, the DataFrame API, and properties (Hypothesis)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nichescout.audit as audit
from nichescout.audit import assess, audit_disclosure, disclosure_by_creator, read_posts
from nichescout.audit.disclosure import CREATOR_COLUMNS, DISCLOSURE_COLUMNS
from nichescout.audit.lexicon import LANGUAGES
from nichescout.exceptions import InputError, ParameterError


@pytest.mark.parametrize(
    "caption,language,sponsored,disclosure",
    [
        ("#ad | the @lumiere serum, code SAM15 for 15% off", "en", True, "clear"),
        ("Obsessed with these leggings from @formfit 🖤 #sp #gymwear", "en", True, "unclear"),
        ("Get 20% off with code GLOWSAM at @clearco.skin", "en", True, "none"),
        ("Packing list: https://rstyle.me/+aBc12XyZ #travel", "en", True, "none"),
        ("Gifted by @woolandthegang 🧶 made this blanket", "en", True, "clear"),
        (
            "#gifted @velvet sent me these. Shop: https://v.co/x?utm_source=ig",
            "en",
            True,
            "unclear",
        ),
        ("#ad Unser neuer Kinderwagen von @kinderwelt ist endlich da", "de", True, "unclear"),
        ("Anzeige | Curry mit Gewürzen von @gewuerzwerk", "de", True, "clear"),
        ("Thanks to @ironcore.gear for my new lifting belt 🙏", "en", True, "unclear"),
        ("Everything I wore is linked in my LTK, link in bio to shop", "en", True, "none"),
        # not sponsored
        ("My new pattern book is here! Code LAUNCH10 in my shop, link in bio", "en", False, "none"),
        ("Sunrise hike ⛰️ #adventure #hikingadventures", "en", False, "none"),
        ("Not sponsored, I just love my @adidas ultraboosts #adidas", "en", False, "none"),
        ("Refactoring legacy code all weekend https://github.com/dev/x", "en", False, "none"),
        ("No thanks to @citybus for being late 🙃", "en", False, "none"),
        ("Keine Werbung, selbst gekauft: meine Uhr von @garmin", "de", False, "none"),
        ("", None, False, "none"),
    ],
)
def test_assess(caption: str, language: str | None, sponsored: bool, disclosure: str) -> None:
    found = assess(caption, language)
    assert (found.sponsored, found.disclosure) == (sponsored, disclosure), found.reason
    assert found.needs_fixing == (sponsored and disclosure != "clear")


def test_reasons_say_what_was_seen() -> None:
    long = "x " * 80 + "#sponsored"
    assert assess(long, "en").reason == (
        "sponsored (disclosure '#sponsored'); unclear: '#sponsored' starts at character 161 "
        "of 170, after the first 125 a viewer sees before 'more'"
    )
    assert assess("Sunrise", "en").reason == "not sponsored: no sponsorship cue"
    assert assess("Use code ANNA10 at @glow", "en").reason == (
        "sponsored (promo code ANNA10); no disclosure"
    )


def test_language_is_detected_when_not_given() -> None:
    caption = "#ad Unser neuer Kinderwagen ist endlich da und passt in jeden Kofferraum"
    found = assess(caption)
    assert found.language == "de" and found.disclosure == "unclear"
    assert "'#ad' is English, the caption German" in found.reason


def test_settings_change_the_decision() -> None:
    caption = "y " * 70 + "#ad"
    assert assess(caption, "en").disclosure == "unclear"
    assert assess(caption, "en", {"disclosure_visible_chars": 500}).disclosure == "clear"


# -- the DataFrame API -----------------------------------------------------------------------


POSTS = pd.DataFrame(
    {
        "post_id": [1, 2, 3, 4],
        "caption": ["#ad new @glow serum", "Use code ANNA10 at @glow", "Sunrise", None],
        "language": ["en", "en", None, "en"],
        "handle": ["@ana", "ana", "bo", "bo"],
    }
)


def test_audit_disclosure_columns_and_order() -> None:
    result = audit_disclosure(POSTS)
    assert list(result.columns) == list(DISCLOSURE_COLUMNS)
    assert result["post_id"].tolist() == ["1", "2", "3", "4"]
    assert result["creator"].tolist() == ["ana", "ana", "bo", "bo"]
    assert result["sponsored"].tolist() == [True, True, False, False]
    assert result["disclosure"].tolist() == ["clear", "none", "none", "none"]
    assert result["needs_fixing"].tolist() == [False, True, False, False]
    assert result.attrs["provenance"]["settings"]["disclosure_visible_chars"] == 125
    records = audit_disclosure(POSTS.to_dict("records"))
    pd.testing.assert_frame_equal(result, records)


def test_without_creator_column_there_is_no_creator() -> None:
    result = audit_disclosure([{"post_id": "a", "caption": "#ad hi"}])
    assert "creator" not in result.columns
    with pytest.raises(ParameterError, match="creator column"):
        disclosure_by_creator(result)


def test_by_creator() -> None:
    summary = disclosure_by_creator(audit_disclosure(POSTS))
    assert list(summary.columns) == list(CREATOR_COLUMNS)
    ana, bo = summary.to_dict("records")
    assert ana == {
        "creator": "ana",
        "posts": 2,
        "sponsored_posts": 2,
        "clearly_disclosed": 1,
        "clear_share": 0.5,
        "needs_fixing": 1,
        "posts_to_fix": "2",
    }
    assert bo["sponsored_posts"] == 0 and math.isnan(bo["clear_share"])


def test_the_public_surface() -> None:
    for name in ("audit_disclosure", "disclosure_by_creator", "assess", "read_posts"):
        assert name in audit.__all__ and callable(getattr(audit, name))


# -- the posts form --------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "posts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_posts_keeps_multiline_captions(tmp_path: Path) -> None:
    path = write(tmp_path, 'post_id,caption,creator\np1,"line one\n.\n#ad",@ana\n')
    frame = read_posts(path)
    assert frame.to_dict("records") == [
        {"post_id": "p1", "caption": "line one\n.\n#ad", "creator": "ana"}
    ]


@pytest.mark.parametrize(
    "text,message",
    [
        ("post_id,text\n1,hi\n", "row 1: lacks the column(s) caption"),
        ("caption\nhi\n", "row 1: lacks the column(s) post_id"),
        ("post_id,caption\n1,hi\n,there\n", "row 3: post_id is empty"),
        ("post_id,caption\n1,hi\n2,a,b\n", "row 3: has 3 fields, the header 2"),
        ("", "is empty; a posts file starts with the header post_id,caption"),
    ],
)
def test_bad_posts_files(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=re.escape(message)) as info:
        audit_disclosure(path)
    assert str(path) in str(info.value)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes("post_id,caption\n1,Publicité\n".encode("latin-1"))
    with pytest.raises(InputError, match="is not UTF-8 text"):
        read_posts(path)


# -- properties ------------------------------------------------------------------------------

#: One official hashtag per language, to put first.
LEAD = {"en": "#ad", "de": "#werbung", "fr": "#publicité", "es": "#publicidad",
        "it": "#pubblicità", "nl": "#reclame", "pt": "#publicidade"}  # fmt: skip
BRANDS = st.sampled_from(["@glow.skin", "@formfit", "@velvetlipco", "@stoffkiste", "@hidrafit"])
WORDS = st.sampled_from(
    "love this serum morning routine sunrise leggings pockets weekend blanket recipe "
    "soup bike ride coffee amazing favourite so soft 🔥 ✨ 💪 and the my".split()
)
TEXT = st.lists(WORDS, min_size=0, max_size=25).map(" ".join)
CUES = st.one_of(
    st.builds(lambda n, d: f"use code {n}{d} for {d}% off", st.sampled_from(["SAM", "LENA", "BIA"]), st.integers(10, 30)),
    st.builds(lambda s: f"https://amzn.to/{s}", st.text("abcXYZ0123", min_size=5, max_size=8)),
    st.just("link in bio to shop the look"),
    st.builds(lambda b: f"gifted by {b}", BRANDS),
    st.builds(lambda b: f"in collaboration with {b}", BRANDS),
    st.builds(lambda b: f"https://shop.example/p?utm_source=ig&utm_campaign={b[1:]}", BRANDS),
)  # fmt: skip
SPONSORED = st.builds(lambda a, cue, brand, b: f"{a} {brand} {cue} {b}", TEXT, CUES, BRANDS, TEXT)
NEUTRAL_TAGS = st.lists(
    st.builds(lambda w, n: f"#{w}{n}", st.sampled_from(["summer", "ootd", "travel", "food"]), st.integers(0, 99)),
    min_size=30,
    max_size=35,
).map(" ".join)  # fmt: skip
HARD_NEGATIVES = st.sampled_from(
    [
        "#adventure #adidas #adventskalender",
        "seriously gifted students",
        "my code review took ages",
        "no thanks to @citybus",
        "why is every ad about mattresses",
        "https://github.com/dev/tool",
        "thank you @jess for the best night",
        "not sponsored",
        "Ad astra",
    ]
)
NEUTRAL = st.lists(st.one_of(WORDS, HARD_NEGATIVES, BRANDS), max_size=30).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(SPONSORED, st.sampled_from(LANGUAGES))
def test_a_clear_disclosure_first_makes_it_clear(caption: str, language: str) -> None:
    found = assess(f"{LEAD[language]} {caption}", language)
    assert found.sponsored and found.disclosure == "clear", found.reason


@settings(max_examples=150, deadline=None)
@given(SPONSORED, NEUTRAL_TAGS)
def test_a_disclosure_behind_thirty_hashtags_is_unclear(caption: str, tags: str) -> None:
    found = assess(f"{caption}\n.\n.\n{tags} #ad", "en")
    assert found.sponsored and found.disclosure == "unclear", found.reason
    assert "wall of" in found.reason


@settings(max_examples=200, deadline=None)
@given(NEUTRAL)
def test_no_cue_and_no_disclosure_is_not_sponsored(caption: str) -> None:
    found = assess(caption, "en")
    assert not found.sponsored and found.disclosure == "none", found.reason


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(SPONSORED, NEUTRAL), min_size=1, max_size=6), st.randoms())
def test_each_post_is_judged_alone(captions: list[str], random: object) -> None:
    rows = [{"post_id": str(i), "caption": c, "language": "en"} for i, c in enumerate(captions)]
    shuffled = rows[:]
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    a = audit_disclosure(rows).set_index("post_id").sort_index()
    b = audit_disclosure(shuffled).set_index("post_id").sort_index()
    pd.testing.assert_frame_equal(a, b)
    assert set(a.loc[~a["sponsored"], "disclosure"]) <= {"none"}
    assert (a["needs_fixing"] == (a["sponsored"] & (a["disclosure"] != "clear"))).all()
