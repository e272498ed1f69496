"""Links in Markdown and text that is no URL at all: the link finder splits Markdown link syntax
into its URLs and skips what ``urlsplit`` cannot read, so ``assess`` and ``audit disclosure``
answer on any text instead of raising (the regression: a Markdown link whose text is a URL,
``[https://x.news](https://x.news)``, was read as one URL and ``urlsplit`` raised
``ValueError: Invalid IPv6 URL``). The texts here are made up for the test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nichescout.audit import assess
from nichescout.audit.cues import hashtags, links, tracking_links

MARKDOWN_URL_AS_TEXT = (
    "My uncle only reads the weekly digest at [https://Weekly-Chain.news](https://Weekly-Chain.news)"
    "  \nworks for him."
)


def test_a_markdown_link_whose_text_is_a_url_does_not_raise() -> None:
    assert links(MARKDOWN_URL_AS_TEXT) == [
        "https://Weekly-Chain.news",
        "https://Weekly-Chain.news",
    ]
    assert tracking_links(MARKDOWN_URL_AS_TEXT) == []
    found = assess(MARKDOWN_URL_AS_TEXT, "en")
    assert (found.sponsored, found.disclosure) == (False, "none")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("[docs](https://tool.dev/guide)", ["https://tool.dev/guide"]),
        ("[www.tool.dev](http://www.tool.dev/)", ["www.tool.dev", "http://www.tool.dev/"]),
        ("<https://tool.dev/x>", ["https://tool.dev/x"]),
        ("(see https://tool.dev/x)", ["https://tool.dev/x"]),
        (
            "https://en.wikipedia.org/wiki/Mercury_(planet).",
            ["https://en.wikipedia.org/wiki/Mercury_(planet)"],
        ),
        (
            "[x](https://en.wikipedia.org/wiki/Mercury_(planet))",
            ["https://en.wikipedia.org/wiki/Mercury_(planet)"],
        ),
        ("http://[::1]:8080/ is local", []),  # an IPv6 literal is no creator's link
        ("https://]", []),
    ],
)
def test_links_are_split_out_of_markdown(text: str, expected: list[str]) -> None:
    assert links(text) == expected


def test_a_tracking_link_inside_markdown_is_still_found() -> None:
    text = "Get yours: [https://shop.example](https://shop.example/p?utm_source=ig&ref=mia)"
    assert tracking_links(text) == ["shop.example link with utm_source, ref"]
    assert tracking_links("[my kit](amzn.to/3Kp9QxT)") == ["amzn.to link"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a bracket ends a link: what follows it is read on its own
        ("https://a]b.com/x?utm_source=ig", ["b.com link with utm_source"]),
        ("www.a[b.com/?ref=x", ["b.com link with ref"]),
        # '＃' becomes '#' under NFKC, so urlsplit raises: skipped, not a tracking link
        ("https://sh\uff03op.example/x?utm_source=ig", []),
        ("[[https://x.news]](https://x.news]", []),
        ("http://[v1.fe80::a+en1]/?utm_source=x", []),
    ],
)
def test_text_that_is_no_url_does_not_raise(text: str, expected: list[str]) -> None:
    assert tracking_links(text) == expected
    assess(text, "en")
    assess(text)


def test_a_fragment_after_a_markdown_link_is_still_no_hashtag() -> None:
    assert [t.text for t in hashtags("[read](https://blog.example/post#comments) #travel")] == [
        "travel"
    ]


#: Text made of the pieces links are made of, brackets and colons among them, so that broken
#: links come up often (plain ``st.text()`` rarely writes ``https://``).
URLISH = st.lists(
    st.sampled_from(
        ["https://", "http://", "www.", "[", "]", "(", ")", "<", ">", ":", "::1", "/", "?",
         "#", "&", "=", "utm_source=ig", "ref=x", "amzn.to/", "a", "shop", ".com", ".news",
         " ", "\n", "\uff03", "\uff1f", "%5B", "@"]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), URLISH, st.tuples(URLISH, st.text()).map("".join)))
def test_the_link_finder_and_assess_never_raise(text: str) -> None:
    for link in links(text):
        assert link and not any(ch.isspace() or ch in "[]<>" for ch in link)
    assert isinstance(tracking_links(text), list)
    found = assess(text)
    assert found.disclosure in {"clear", "unclear", "none"}
    assert assess(text, "en").disclosure in {"clear", "unclear", "none"}


def test_the_command_answers_on_a_markdown_link(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    caption = MARKDOWN_URL_AS_TEXT.replace('"', '""')
    path.write_text(f'post_id,caption,language\np1,"{caption}",en\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "nichescout", "audit", "disclosure", str(path), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    [record] = json.loads(done.stdout)
    assert (record["sponsored"], record["disclosure"]) == (False, "none")
