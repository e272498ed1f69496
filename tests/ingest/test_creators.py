"""Tests of the creators importer (nichescout.ingest.creators, creators_map, creators_form,
creators_sets): a hand-made export worked out row by row, the same export as JSON Lines,
bad rows, imports in steps, the bundled sample and the labelled account sets of
../shared/data/accounts against independent counts of their files."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nichescout.cli import app
from nichescout.data.creators import creators_sample_path
from nichescout.exceptions import InputError
from nichescout.ingest import ingest
from nichescout.ingest.creators import import_creators
from nichescout.store import Store

from ..conftest import snapshot

PROFILES = """handle,platform,followers,following,posts,bio,full_name,external_url,private,verified,profile_picture,niche
@Lena.Lifts,instagram,12.5K,310,140,"Strength, Berlin",Lena Hoffmann,https://lena.example,false,false,https://img.example/l.jpg,fitness
bo.bakes,instagram,800,95,,,,,,,false,
"""
POSTS = """post_id,handle,created,caption,hashtags,mentions,media_type,likes,comments,shares,views,paid_partnership
p1,lena.lifts,2024-03-01T10:00:00,Leg day with @Coach.Bo and @bo.bakes #Gym,,,Image,640,31,,,false
p2,LENA.LIFTS,2024-03-05T08:00:00+01:00,"#ad New grips from @formfit, code LENA15",grips; gym,formfit,reel,900,40,12,15000,true
p3,bo.bakes,1709805600,Rye loaf,"[""bread"",""#Baking""]",,image,55,4,,,
"""
COMMENTS = """comment_id,post_id,author,text,created,reply_to
c1,p1,sam_runs,nice pic 🔥,2024-03-01T11:00:00,
c2,p1,lena.lifts,@sam_runs thanks! cc @bo.bakes @nobody_here,2024-03-01T12:00:00,c1
,p2,Sam_Runs,where are they from?,2024-03-05T09:00:00,
,p2,sam_runs,where are they from?,2024-03-05T09:00:00,
c5,p3,lena.lifts,Recipe please!,2024-03-07T12:00:00,
"""


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


def export(tmp_path: Path, name: str = "export") -> Path:
    return write(tmp_path / name, profiles_csv=PROFILES, posts_csv=POSTS, comments_csv=COMMENTS)


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return store.con.execute(sql).fetchall()


def test_hand_made_export(tmp_path: Path) -> None:
    store = Store(":memory:")
    report = import_creators(store, export(tmp_path))
    assert report.platform == "instagram"
    # lena.lifts, bo.bakes (profiles), sam_runs (commenter), coach.bo and formfit (tagged)
    # 3 tags in posts (p1's caption: 2; p2's mentions: 1), 5 replies (one per comment), 2
    # @names in comments that name someone known (@nobody_here is skipped)
    assert report.added == {"members": 5, "content": 8, "interactions": 10}
    assert report.placeholders == 2
    assert report.skipped == {
        "@names in comments that match no account of the import or the store": 1
    }
    members = {
        r[0]: r[1:]
        for r in rows(
            store,
            "SELECT member_id, handle, display_name, followers, following, bio, verified, "
            "is_bot, attributes FROM members",
        )
    }
    assert members["lena.lifts"][:7] == (
        "Lena.Lifts", "Lena Hoffmann", 12_500, 310, "Strength, Berlin", False, False
    )  # fmt: skip
    assert json.loads(members["lena.lifts"][7]) == {
        "posts": 140,
        "private": False,
        "has_profile_picture": True,
        "profile_picture": "https://img.example/l.jpg",
        "external_url": "https://lena.example",
        "niche": "fitness",
    }
    assert json.loads(members["bo.bakes"][7]) == {"has_profile_picture": False}
    assert members["sam_runs"][:3] == ("sam_runs", None, None)  # as first written
    assert members["sam_runs"][7] is None
    assert json.loads(members["coach.bo"][7]) == {"placeholder": True}
    assert members["coach.bo"][0] == "Coach.Bo"  # the caption's spelling
    content = {
        r[0]: r[1:]
        for r in rows(
            store,
            "SELECT c.content_id, m.member_id, c.kind, c.parent_id, c.thread_id, c.created_at, "
            "c.likes, c.comments, c.shares, c.views, c.tags, c.attributes FROM content c "
            "JOIN members m ON m.member_key = c.author_key",
        )
    }
    assert content["p1"][:10] == (
        "lena.lifts", "post", None, "p1", datetime(2024, 3, 1, 10), 640, 31, None, None,
        ["gym"],
    )  # fmt: skip
    assert json.loads(content["p1"][10]) == {"media_type": "image", "paid_partnership": False}
    assert content["p2"][4] == datetime(2024, 3, 5, 7)  # +01:00 to UTC
    assert content["p2"][5:10] == (900, 40, 12, 15000, ["grips", "gym"])
    assert json.loads(content["p2"][10]) == {"media_type": "reel", "paid_partnership": True}
    assert content["p3"][4] == datetime(2024, 3, 7, 10)  # seconds since 1970
    assert content["p3"][9] == ["bread", "baking"]
    assert json.loads(content["p3"][10]) == {"media_type": "image"}  # no partnership said
    assert content["comment:c1"][:4] == ("sam_runs", "comment", "p1", "p1")
    assert content["comment:c2"][:4] == ("lena.lifts", "comment", "comment:c1", "p1")
    derived = sorted(k for k in content if k.startswith("comment:p2/"))
    assert derived == [
        "comment:p2/sam_runs@2024-03-05T09:00:00#1",
        "comment:p2/sam_runs@2024-03-05T09:00:00#2",
    ]
    interactions = set(
        rows(
            store,
            "SELECT i.interaction_id, i.kind, a.member_id, t.member_id, i.content_id "
            "FROM interactions i JOIN members a ON a.member_key = i.actor_key "
            "JOIN members t ON t.member_key = i.target_key",
        )
    )
    assert interactions == {
        ("mention:p1:coach.bo", "mention", "lena.lifts", "coach.bo", "p1"),
        ("mention:p1:bo.bakes", "mention", "lena.lifts", "bo.bakes", "p1"),
        ("mention:p2:formfit", "mention", "lena.lifts", "formfit", "p2"),
        ("reply:comment:c1", "reply", "sam_runs", "lena.lifts", "comment:c1"),
        ("reply:comment:c2", "reply", "lena.lifts", "sam_runs", "comment:c2"),
        ("mention:comment:c2:sam_runs", "mention", "lena.lifts", "sam_runs", "comment:c2"),
        ("mention:comment:c2:bo.bakes", "mention", "lena.lifts", "bo.bakes", "comment:c2"),
        (f"reply:{derived[0]}", "reply", "sam_runs", "lena.lifts", derived[0]),
        (f"reply:{derived[1]}", "reply", "sam_runs", "lena.lifts", derived[1]),
        ("reply:comment:c5", "reply", "lena.lifts", "bo.bakes", "comment:c5"),
    }


def test_reimport_adds_nothing_and_changes_nothing(tmp_path: Path) -> None:
    store = Store(":memory:")
    folder = export(tmp_path)
    first = import_creators(store, folder)
    before = {k: v for k, v in snapshot(store).items() if k != "imports"}
    again = import_creators(store, folder)
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    assert again.already_present == first.added
    assert again.updated_members == 0
    assert {k: v for k, v in snapshot(store).items() if k != "imports"} == before


def _as_jsonl(text: str) -> str:
    reader = csv.DictReader(text.splitlines())
    out = []
    for row in reader:
        record: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
        for key in ("followers", "following", "posts", "likes", "comments", "shares", "views"):
            if key in record and record[key].isdigit():
                record[key] = int(record[key])
        if record.get("created", "").isdigit():
            record["created"] = int(record["created"])
        out.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(out) + "\n"


def test_json_lines_give_the_same_store(tmp_path: Path) -> None:
    from_csv = Store(":memory:")
    import_creators(from_csv, export(tmp_path))
    folder = write(
        tmp_path / "jsonl",
        profiles_jsonl=_as_jsonl(PROFILES),
        posts_ndjson=_as_jsonl(POSTS),
        comments_jsonl=_as_jsonl(COMMENTS),
    )
    from_json = Store(":memory:")
    import_creators(from_json, folder)
    for table in ("members", "content", "interactions"):
        cols = "* EXCLUDE (import_id)"
        assert rows(from_json, f"SELECT {cols} FROM {table} ORDER BY ALL") == rows(
            from_csv, f"SELECT {cols} FROM {table} ORDER BY ALL"
        ), table


def test_interaction_count(tmp_path: Path) -> None:
    """Ten interactions: 3 tags in posts, 5 replies (one per comment), 2 resolvable
    @names in comments (sam_runs, bo.bakes; @nobody_here is skipped)."""
    store = Store(":memory:")
    import_creators(store, export(tmp_path))
    kinds = dict(rows(store, "SELECT kind, count(*) FROM interactions GROUP BY 1"))
    assert kinds == {"mention": 5, "reply": 5}


def test_comments_and_posts_in_later_imports(tmp_path: Path) -> None:
    """Profiles, then posts, then comments, each in an import of its own."""
    store = Store(":memory:")
    import_creators(store, write(tmp_path / "a", profiles_csv=PROFILES))
    import_creators(store, write(tmp_path / "b", posts_csv=POSTS))
    report = import_creators(store, write(tmp_path / "c", comments_csv=COMMENTS))
    assert report.added["content"] == 5
    whole = Store(":memory:")
    import_creators(whole, export(tmp_path))
    for table in ("members", "content", "interactions"):
        cols = "* EXCLUDE (import_id, member_key)" if table == "members" else "platform"
        assert len(rows(store, f"SELECT {cols} FROM {table}")) == len(
            rows(whole, f"SELECT {cols} FROM {table}")
        ), table


def test_a_placeholder_that_comments_later_is_described(tmp_path: Path) -> None:
    store = Store(":memory:")
    import_creators(store, write(tmp_path / "a", profiles_csv=PROFILES, posts_csv=POSTS))
    later = "post_id,author,text,created\np1,coach.bo,great session!,2024-03-02T10:00:00\n"
    report = import_creators(store, write(tmp_path / "b", comments_csv=later))
    assert report.added["members"] == 0 and report.updated_members == 1
    attributes = rows(store, "SELECT attributes FROM members WHERE member_id = 'coach.bo'")
    assert json.loads(attributes[0][0]) == {}


def test_same_handle_on_two_platforms_needs_a_platform_column(tmp_path: Path) -> None:
    profiles = "handle,platform,followers\nana,instagram,10\nana,tiktok,20\n"
    posts = "post_id,handle,created\nx1,ana,2024-03-01T10:00:00\n"
    with pytest.raises(InputError, match=r"posts\.csv, line 2: 'ana' is a creator on instagram"):
        import_creators(Store(":memory:"), write(tmp_path / "a", profiles_csv=profiles,
                                                 posts_csv=posts))  # fmt: skip
    posts = "post_id,handle,created,platform\nx1,ana,2024-03-01T10:00:00,tiktok\n"
    store = Store(":memory:")
    import_creators(store, write(tmp_path / "b", profiles_csv=profiles, posts_csv=posts))
    assert rows(store, "SELECT platform FROM content") == [("tiktok",)]


def test_platform_option_fills_profiles_without_one(tmp_path: Path) -> None:
    store = Store(":memory:")
    profiles = "handle,followers\nana,10\n"
    report = import_creators(
        store, write(tmp_path / "a", profiles_csv=profiles), platform="youtube"
    )
    assert report.platform == "youtube"
    with pytest.raises(InputError, match=r"line 2: platform is empty for 'ana'"):
        import_creators(Store(":memory:"), tmp_path / "a" / "profiles.csv")


BAD = {
    "negative followers": (
        "profiles.csv", PROFILES.replace(",800,", ",-800,"),
        r"profiles\.csv, line 3: followers must be a whole number >= 0, got '-800'",
    ),
    "bad time": (
        "posts.csv", POSTS.replace("2024-03-05T08:00:00+01:00", "yesterday"),
        r"posts\.csv, line 3: created is not a date and time: 'yesterday'",
    ),
    "unknown creator": (
        "posts.csv", POSTS.replace("p3,bo.bakes", "p3,ghost"),
        r"posts\.csv, line 4: 'ghost' has no profile in this import or the store",
    ),
    "comment under no post": (
        "comments.csv", COMMENTS.replace("c5,p3", "c5,p9"),
        r"comments\.csv, line 6: post_id 'p9' is a post of neither the posts file nor the store",
    ),
    "post twice": (
        "posts.csv", POSTS.replace("p3,bo.bakes", "p1,bo.bakes"),
        r"posts\.csv, line 4: post_id 'p1' on instagram is there already \(at line 2\)",
    ),
    "profile twice": (
        "profiles.csv", PROFILES.replace("bo.bakes,instagram", "LENA.LIFTS,instagram"),
        r"profiles\.csv, line 3: 'LENA.LIFTS' on instagram has a profile already",
    ),
    "fields": (
        "posts.csv", POSTS.replace("Rye loaf,", "Rye, loaf,"),
        r"posts\.csv, line 4: has 13 fields, the header 12",
    ),
    "header": (
        "comments.csv", COMMENTS.replace("author,", "user,"),
        r"comments\.csv, line 1: the header lacks the column\(s\) author",
    ),
    "boolean": (
        "posts.csv", POSTS.replace("15000,true", "15000,maybe"),
        r"posts\.csv, line 3: paid_partnership must be true or false, got 'maybe'",
    ),
    "reply to nothing": (
        "comments.csv", COMMENTS.replace(",c1\n", ",c0\n"),
        r"comments\.csv, line 3: reply_to 'c0' is a comment of neither",
    ),
    "comment twice": (
        "comments.csv", COMMENTS.replace("c5,p3", "c1,p3"),
        r"comments\.csv, line 6: comment_id 'c1' is there already \(at line 2\)",
    ),
    "empty handle": (
        "profiles.csv", PROFILES.replace("bo.bakes,instagram", ",instagram"),
        r"profiles\.csv, line 3: handle is empty",
    ),
    "future": (
        "posts.csv", POSTS.replace("2024-03-01T10:00:00", "2099-03-01T10:00:00"),
        r"posts\.csv, row 2: created_at",
    ),
    "empty file": ("posts.csv", "", r"posts\.csv: is empty"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_rows_name_file_and_line_and_change_nothing(case: str, tmp_path: Path) -> None:
    name, text, message = BAD[case]
    folder = export(tmp_path)
    store = Store(":memory:")
    import_creators(store, write(tmp_path / "earlier", profiles_csv="handle,platform\nx,y\n"))
    before = snapshot(store)
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        import_creators(store, folder)
    assert snapshot(store) == before


def test_bad_json_line(tmp_path: Path) -> None:
    folder = write(tmp_path / "j", profiles_jsonl='{"handle": "a", "platform": "x"}\n{oops\n')
    with pytest.raises(InputError, match=r"profiles\.jsonl, line 2: not a valid JSON object"):
        import_creators(Store(":memory:"), folder)


def test_a_folder_without_creator_files_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "e", notes_txt="hello")
    with pytest.raises(InputError, match="holds no profiles, posts or comments file"):
        import_creators(Store(":memory:"), tmp_path / "e")


def test_progress_counts_the_bytes_read(tmp_path: Path) -> None:
    class Hook:
        total = 0
        done = 0

        def start(self, description: str, total: int | None) -> None:
            self.total = total or 0

        def advance(self, amount: int) -> None:
            self.done += amount

    folder = export(tmp_path)
    hook = Hook()
    import_creators(Store(":memory:"), folder, progress=hook)
    size = sum(f.stat().st_size for f in folder.iterdir())
    assert hook.total == hook.done == size


# -- the bundled sample -----------------------------------------------------------------------
def _sample_counts() -> dict[str, int]:
    """What the sample's files say, read with the csv module."""
    folder = creators_sample_path()

    def read(name: str) -> list[dict[str, str]]:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    profiles, posts, comments = read("profiles.csv"), read("posts.csv"), read("comments.csv")
    creator_of = {p["post_id"]: p["handle"] for p in posts}
    platform_of = {p["handle"]: p["platform"] for p in profiles}
    brands = {(platform_of[p["handle"]], m) for p in posts for m in p["mentions"].split()}
    commenters = {(platform_of[creator_of[c["post_id"]]], c["author"]) for c in comments}
    creators = {(p["platform"], p["handle"]) for p in profiles}
    return {
        "members": len(creators | commenters | brands),
        "placeholders": len(brands - creators - commenters),
        "content": len(posts) + len(comments),
        "interactions": len(comments)
        + sum(len(p["mentions"].split()) for p in posts)
        + sum(len(set(re.findall(r"@([\w.]+)", c["text"]))) for c in comments),
    }


def test_the_bundled_sample_imports(tmp_path: Path) -> None:
    want = _sample_counts()
    store = Store(":memory:")
    report = ingest(store, "creators", creators_sample_path())
    assert report.added == {k: want[k] for k in ("members", "content", "interactions")}
    assert report.placeholders == want["placeholders"]
    assert report.skipped == {}
    # the documented figures (docs/ingest.md, src/nichescout/data/creators-sample/README.md)
    assert report.added == {"members": 633, "content": 6426, "interactions": 5940}
    assert rows(store, "SELECT platform, count(*) FROM members WHERE followers > 0 "
                       "GROUP BY 1 ORDER BY 1") == [("instagram:sample", 32), ("tiktok:sample", 8)]  # fmt: skip
    again = ingest(store, "creators", creators_sample_path())
    assert again.added == {"members": 0, "content": 0, "interactions": 0}


def test_the_sample_is_what_its_generator_makes() -> None:
    from nichescout.data.creators import generate

    folder = creators_sample_path()
    made = generate()
    assert sorted(made) == sorted(p.name for p in folder.glob("*.csv"))
    for name, text in made.items():
        assert (folder / name).read_text(encoding="utf-8") == text, name
    assert sum((folder / name).stat().st_size for name in made) < 1_000_000


# -- the labelled account sets of ../shared/data/accounts ------------------------------------
def _set_counts(accounts: Path) -> dict[str, tuple[int, int, int]]:
    """platform → (profiles, labelled fake, posts), read with json and csv."""
    fake_real = []
    for name in ("fakeAccountData.json", "realAccountData.json"):
        fake_real += json.loads((accounts / "instafake" / name).read_text("utf-8"))
    nonauto = json.loads((accounts / "instafake" / "nonautomatedAccountData.json").read_text())
    kaggle, cresci = [], []
    for name in ("insta_train.csv", "insta_test.csv"):
        with (accounts / "instagram-kaggle" / name).open(newline="") as handle:
            kaggle += list(csv.DictReader(handle))
    for name in ("users.csv", "fusers.csv"):
        with (accounts / "twitter-cresci2015" / name).open(newline="", encoding="utf-8") as h:
            cresci += list(csv.DictReader(h))
    return {
        "instagram:instafake": (
            len(fake_real) + len(nonauto),
            sum(a["isFake"] for a in fake_real),
            sum(len(a["mediaUploadTimes"]) for a in nonauto),
        ),
        "instagram:kaggle": (len(kaggle), sum(r["fake"] == "1" for r in kaggle), 0),
        "twitter:cresci2015": (len(cresci), sum(r["is_fake"] == "1" for r in cresci), 0),
    }


def test_the_shared_account_sets_import_as_profiles(shared_data: Path) -> None:
    accounts = shared_data / "accounts"
    want = _set_counts(accounts)
    store = Store(":memory:")
    report = ingest(store, "creators", accounts)
    got = {
        p: (n, fake, posts)
        for p, n, fake, posts in rows(
            store,
            """SELECT m.platform, count(*),
                      count(*) FILTER (WHERE m.attributes->>'fake' = 'true'),
                      (SELECT count(*) FROM content c WHERE c.platform = m.platform)
               FROM members m GROUP BY 1""",
        )
    }
    assert got == want
    # the figures of docs/ingest.md
    assert want == {
        "instagram:instafake": (1894, 200, 57816),
        "instagram:kaggle": (696, 348, 0),
        "twitter:cresci2015": (2818, 1337, 0),
    }
    assert report.added == {"members": 5408, "content": 57816, "interactions": 0}
    assert rows(store, "SELECT count(*) FROM members WHERE followers IS NULL") == [(0,)]
    lena = rows(
        store,
        "SELECT handle, display_name, joined_at, language FROM members "
        "WHERE platform = 'twitter:cresci2015' AND member_id = 'braddd'",
    )
    assert lena == [("braddd", "Davide Dellacasa", datetime(2007, 4, 6, 10, 58, 22), "it")]
    again = ingest(store, "creators", accounts / "instafake")
    assert again.added == {"members": 0, "content": 0, "interactions": 0}
    one_file = Store(":memory:")
    assert (
        ingest(one_file, "creators", accounts / "instagram-kaggle" / "insta_test.csv").added[
            "members"
        ]
        == 120
    )


# -- the command --------------------------------------------------------------------------------
def test_cli_ingest_creators(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    runner = CliRunner()
    result = runner.invoke(
        app, ["ingest", "creators", str(export(tmp_path)), "--db", str(db), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    (tmp_path / "export" / "posts.csv").write_text(POSTS.replace(",900,", ",lots,"), "utf-8")
    bad = runner.invoke(
        app, ["ingest", "creators", str(tmp_path / "export"), "--db", str(db), "--quiet"]
    )
    assert bad.exit_code == 1
    assert "posts.csv, line 3: likes must be a whole number >= 0, got 'lots'" in bad.output
    assert "Traceback" not in bad.output
