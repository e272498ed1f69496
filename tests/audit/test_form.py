"""Reading the accounts form: typed values, and one clear error per bad row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nichescout.audit import audit_accounts, read_accounts
from nichescout.audit.form import form_markdown
from nichescout.exceptions import InputError

HEADER = "handle,followers,following,posts,has_profile_picture,is_private"


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "accounts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_values_are_typed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + ",verified,bio",
        "@ana,120,80,14,TRUE,no,,",
        "bo,1200.0,0,0,0,1,true,hello",
    )
    frame = read_accounts(path)
    assert frame["handle"].tolist() == ["ana", "bo"]
    assert frame["followers"].tolist() == [120, 1200]
    assert frame["has_profile_picture"].tolist() == [True, False]
    assert frame["is_private"].tolist() == [False, True]
    assert frame["verified"].tolist() == [pd.NA, True]
    assert frame["bio"].tolist() == ["", "hello"]


@pytest.mark.parametrize(
    "row,message",
    [
        ("ana,12k,1,1,true,false", r"row 3: followers must be a whole number >= 0, got '12k'"),
        ("ana,-1,1,1,true,false", r"row 3: followers must be a whole number >= 0, got '-1'"),
        ("ana,1,1.5,1,true,false", r"row 3: following must be a whole number >= 0"),
        ("ana,1,1,,true,false", r"row 3: posts must be a whole number >= 0, got ''"),
        ("ana,1,1,1,maybe,false", r"row 3: has_profile_picture must be true or false, got 'maybe'"),
        ("ana,1,1,1,true,", r"row 3: is_private must be true or false"),
        (",1,1,1,true,false", r"row 3: handle is empty"),
        ("ana,1,1,1,true,false,extra", r"row 3: has 7 fields, the header 6"),
    ],
)
def test_bad_rows_name_file_row_and_fix(tmp_path: Path, row: str, message: str) -> None:
    path = write(tmp_path, HEADER, "ok,1,1,1,true,false", row)
    with pytest.raises(InputError, match=message) as info:
        read_accounts(path)
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)


def test_missing_columns_and_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"row 1: lacks the column\(s\) posts"):
        read_accounts(write(tmp_path, "handle,followers,following,has_profile_picture,is_private"))
    with pytest.raises(InputError, match="is empty"):
        read_accounts(write(tmp_path, ""))
    with pytest.raises(InputError, match="does not exist"):
        read_accounts(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a folder"):
        read_accounts(tmp_path)
    (tmp_path / "latin1.csv").write_bytes(HEADER.encode() + b"\n\xe9,1,1,1,true,false\n")
    with pytest.raises(InputError, match="not UTF-8"):
        read_accounts(tmp_path / "latin1.csv")


def test_a_dataframe_is_checked_like_a_file() -> None:
    frame = pd.DataFrame(
        {"handle": ["a"], "followers": [1], "following": [2], "posts": [-3],
         "has_profile_picture": [True], "is_private": [False]}
    )  # fmt: skip
    with pytest.raises(InputError, match="accounts, row 2: posts must be a whole number"):
        audit_accounts(frame)
    result = audit_accounts(frame.assign(posts=3))
    assert list(result.columns) == ["handle", "fake_probability", "likely_fake", "flags"]
    assert result.attrs["provenance"]["model"] == "fake_accounts.skops"


def test_a_header_alone_gives_no_rows(tmp_path: Path) -> None:
    result = audit_accounts(write(tmp_path, HEADER))
    assert result.empty and list(result.columns)[:3] == [
        "handle",
        "fake_probability",
        "likely_fake",
    ]


def test_the_documented_example_reads_as_documented(tmp_path: Path) -> None:
    lines = form_markdown()
    start = lines.index("```csv") + 1
    example = lines[start : lines.index("```", start)]
    path = write(tmp_path, *example)
    result = audit_accounts(path)
    assert result["handle"].tolist() == ["maria.ceramics", "user83920417"]
    assert result["likely_fake"].tolist() == [False, True]
    assert "no posts" in result.loc[1, "flags"]
