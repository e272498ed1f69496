"""Hostile exports: XML entities (file reads, network, billion laughs), links out of the
export folder. Each must end as an InputError naming the file, with the store unchanged."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from nichescout.data import sample_path
from nichescout.exceptions import InputError
from nichescout.ingest import ingest
from nichescout.store import Store

from ..conftest import snapshot

SECRET = "nichescout-fuzz-secret-7f3a"

LAUGHS = '<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def _dump(tmp_path: Path, users_xml: str) -> Path:
    """The bundled dump with Users.xml replaced by ``users_xml``."""
    folder = tmp_path / "site"
    shutil.copytree(sample_path(), folder)
    (folder / "Users.xml").write_text(users_xml, encoding="utf-8")
    return folder


def _users(doctype: str, display_name: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n<users>\n'
        f'<row Id="1" CreationDate="2018-03-12T17:00:45.567" DisplayName="{display_name}"/>\n'
        "</users>\n"
    )


def _refused(folder: Path, kind: str = "stackexchange") -> InputError:
    store = Store(":memory:")
    ingest(store, "stackexchange", sample_path())
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        ingest(store, kind, folder)
    assert snapshot(store) == before
    names = store.con.execute("SELECT string_agg(coalesce(handle, ''), ' ') FROM members")
    assert SECRET not in str(names.fetchone())
    return caught.value


def test_external_entity_does_not_read_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    doctype = f'<!DOCTYPE users [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    err = _refused(_dump(tmp_path, _users(doctype, "&xxe;")))
    assert "Users.xml" in str(err) and "DOCTYPE" in str(err)


def test_external_entity_does_not_reach_the_network(tmp_path: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    hits: list[object] = []

    def listen() -> None:
        try:
            hits.append(server.accept())
        except OSError:
            pass

    thread = threading.Thread(target=listen)
    thread.start()
    try:
        doctype = f'<!DOCTYPE users [<!ENTITY net SYSTEM "http://127.0.0.1:{port}/x">]>'
        _refused(_dump(tmp_path, _users(doctype, "&net;")))
        doctype = f'<!DOCTYPE users SYSTEM "http://127.0.0.1:{port}/users.dtd">'
        _refused(_dump(tmp_path / "dtd", _users(doctype, "Ann")))
    finally:
        thread.join()
        server.close()
    assert hits == []


@pytest.mark.parametrize("where", ["row", "root"])
def test_billion_laughs_is_refused_quickly(tmp_path: Path, where: str) -> None:
    users = _users(f"<!DOCTYPE users [{LAUGHS}]>", "&i;" if where == "row" else "Ann")
    if where == "root":
        users = users.replace("<users>", '<users x="&i;">')
    err = _refused(_dump(tmp_path, users))
    assert "Users.xml" in str(err)


def test_internal_entity_is_not_expanded(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE users [<!ENTITY name "Mallory">]>'
    assert "DOCTYPE" in str(_refused(_dump(tmp_path, _users(doctype, "&name;"))))


def _link_out(folder: Path, inside: str, tmp_path: Path) -> None:
    """Replace ``folder/inside`` by a link to a file outside ``folder`` with the same bytes."""
    target = folder / inside
    outside = tmp_path / "outside" / target.name
    outside.parent.mkdir(exist_ok=True)
    shutil.move(target, outside)
    os.symlink(outside, target)


def test_stackexchange_link_out_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    shutil.copytree(sample_path(), folder)
    _link_out(folder, "Comments.xml", tmp_path)
    err = _refused(folder)
    assert "outside the folder" in str(err) and "Comments.xml" in err.source


@pytest.mark.parametrize(
    ("kind", "relative"),
    [
        ("discourse", "discourse/delving-bitcoin/posts/2022-08-August"),
        ("github", "github/secp256k1/issues"),
        ("reddit", "reddit/ethereum"),
        ("discord", "discord/meshcore"),
    ],
)
def test_json_exports_refuse_links_out(
    tmp_path: Path, shared_data: Path, kind: str, relative: str
) -> None:
    src = shared_data / relative
    folder = tmp_path / "export"
    folder.mkdir()
    files = sorted(p for p in src.iterdir() if p.suffix in (".json", ".ndjson"))[:2]
    for file in files:
        shutil.copy(file, folder / file.name)
    _link_out(folder, files[-1].name, tmp_path)
    err = _refused(folder, kind)
    assert "outside the folder" in str(err)


def test_canonical_link_out(tmp_path: Path) -> None:
    from nichescout.store.docs import example_csv

    folder = tmp_path / "canonical"
    folder.mkdir()
    for table in ("members", "content", "interactions"):
        (folder / f"{table}.csv").write_text(example_csv(table))
    _link_out(folder, "members.csv", tmp_path)
    assert "outside the folder" in str(_refused(folder, "canonical"))


def test_a_link_inside_the_folder_is_fine(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    shutil.copytree(sample_path(), folder)
    (folder / "old").mkdir()
    shutil.move(folder / "Badges.xml", folder / "old" / "Badges.xml")
    os.symlink(folder / "old" / "Badges.xml", folder / "Badges.xml")
    assert ingest(Store(":memory:"), "stackexchange", folder).added["members"] > 0


@pytest.mark.parametrize("linked", ["users.json", "study-group", "study-group/2022-09-14.json"])
def test_slack_link_out(tmp_path: Path, shared_data: Path, linked: str) -> None:
    """Slack too: users.json, a channel folder or a daily file linked from outside."""
    data = shared_data / "slack" / "10academy" / "anonymized"
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("users.json", "channels.json"):
        shutil.copy(data / name, folder / name)
    shutil.copytree(data / "study-group", folder / "study-group")
    _link_out(folder, linked, tmp_path)
    err = _refused(folder, "slack")
    assert "outside the folder" in str(err) and Path(linked).name in str(err.source)
