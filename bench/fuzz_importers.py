"""Fuzzing of every importer: mutated real samples must import or fail with a project error.

Each importer gets a small sample cut from real data (../shared/data, or the bundled
conlang-meta dump), written to a folder in the layout the importer reads. A *case* is one
seeded mutation of that sample: bytes truncated, flipped, inserted or deleted; a field
dropped, given the wrong type, a bad date or a huge value; a record duplicated (duplicate
ids); a value nested thousands deep; a file emptied, removed or replaced by a folder; the
whole path missing. The case is imported into a store that already holds the unmutated
sample (same platform), and its outcome is one of:

- ``ok``: the import succeeded;
- ``error``: it raised a :class:`~nichescout.exceptions.NicheScoutError` and the store's
  digest is what it was before (no partial write);
- ``bug``: any other exception (a crash the user would see as a traceback);
- ``partial``: a project error, but the store changed;
- ``hang``: the case ran longer than ``--timeout`` seconds.

Every case is reproducible from ``(kind, seed)``: ``--repro KIND SEED`` writes the mutated
sample to bench/out/fuzz/ and runs it with the full traceback. The figures are in
docs/reliability.md.

Usage::

    python bench/fuzz_importers.py --cases 10000              # every importer, 2 workers
    python bench/fuzz_importers.py --kinds slack --cases 500 --workers 1
    python bench/fuzz_importers.py --repro slack 1234
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import queue
import random
import re
import shutil
import signal
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
BUNDLED = ROOT / "src" / "nichescout" / "data" / "conlang-meta"
OUT_DIR = ROOT / "bench" / "out" / "fuzz"

KINDS = (
    "stackexchange",
    "slack",
    "graph",
    "canonical",
    "discourse",
    "reddit",
    "discord",
    "github",
    "telegram",
)

# ---------------------------------------------------------------------------------------
# Samples: small real inputs, one folder (or file) per importer
# ---------------------------------------------------------------------------------------


def _xml_head(src: Path, dest: Path, rows: int) -> None:
    """The first ``rows`` <row> lines of a Stack Exchange dump file, still well-formed."""
    lines = src.read_text(encoding="utf-8").splitlines()
    root = next(
        line.strip() for line in lines[:3] if line.strip().startswith("<") and "?" not in line
    )
    body = [line for line in lines if line.lstrip().startswith("<row ")][:rows]
    end = "</" + root.strip("<>").split()[0] + ">"
    dest.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + root
        + "\n"
        + "\n".join(body)
        + "\n"
        + end
        + "\n",
        encoding="utf-8",
    )


def _stackexchange(dest: Path) -> Path:
    folder = dest / "conlang-meta"
    folder.mkdir(parents=True)
    for name in (
        "Users.xml",
        "Posts.xml",
        "Comments.xml",
        "Votes.xml",
        "Badges.xml",
        "PostLinks.xml",
    ):
        _xml_head(BUNDLED / name, folder / name, 12)
    return folder


def _slack(dest: Path) -> Path:
    src = DATA / "slack" / "10academy" / "anonymized"
    folder = dest / "10academy"
    folder.mkdir(parents=True)
    channel = "all-community-building"
    users = json.loads((src / "users.json").read_text(encoding="utf-8"))[:10]
    channels = [
        c
        for c in json.loads((src / "channels.json").read_text(encoding="utf-8"))
        if c["name"] == channel
    ]
    (folder / "users.json").write_text(json.dumps(users, indent=1), encoding="utf-8")
    (folder / "channels.json").write_text(json.dumps(channels, indent=1), encoding="utf-8")
    (folder / channel).mkdir()
    for day in ("2022-08-12.json", "2022-08-18.json"):
        messages = json.loads((src / channel / day).read_text(encoding="utf-8"))[:8]
        (folder / channel / day).write_text(json.dumps(messages, indent=1), encoding="utf-8")
    return folder


def _graph(dest: Path) -> Path:
    lines = (DATA / "snap" / "email-Eu-core.txt").read_text(encoding="utf-8").splitlines()[:60]
    file = dest / "email-Eu-core.txt"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


def _canonical(dest: Path) -> Path:
    from nichescout.store.docs import example_csv

    folder = dest / "canonical"
    folder.mkdir(parents=True)
    for table in ("members", "content", "interactions"):
        (folder / f"{table}.csv").write_text(example_csv(table), encoding="utf-8")
    return folder


def _discourse(dest: Path) -> Path:
    src = DATA / "discourse" / "delving-bitcoin" / "posts" / "2022-08-August"
    folder = dest / "delving-bitcoin"
    folder.mkdir(parents=True)
    for file in sorted(src.glob("*.json"))[:4]:
        shutil.copy(file, folder / file.name)
    return folder


def _reddit(dest: Path) -> Path:
    src = DATA / "reddit" / "ethereum"
    folder = dest / "ethereum"
    folder.mkdir(parents=True)
    for prefix, count in (("RS_", 6), ("RC_", 12)):
        file = next(src.glob(prefix + "*.ndjson"))
        with file.open(encoding="utf-8") as handle:
            lines = [next(handle) for _ in range(count)]
        (folder / file.name).write_text("".join(lines), encoding="utf-8")
    return folder


def _discord(dest: Path) -> Path:
    src = DATA / "discord" / "meshcore"
    name = (
        "MeshCore - regional-channels - New England Area, NSW AUSTRALIA [1450368987228799089].json"
    )
    folder = dest / "meshcore"
    folder.mkdir(parents=True)
    data = json.loads((src / name).read_text(encoding="utf-8"))
    data["messages"] = data["messages"][:12]
    data["messageCount"] = len(data["messages"])
    (folder / name).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return folder


def _github(dest: Path) -> Path:
    src = DATA / "github" / "secp256k1"
    folder = dest / "secp256k1"
    for sub, name in (("issues", "763.json"), ("pulls", "656.json")):
        (folder / sub).mkdir(parents=True)
        shutil.copy(src / sub / name, folder / sub / name)
    return folder


def _telegram(dest: Path) -> Path:
    # No real public Telegram export was found: the hand-made export of the tests, which
    # follows Telegram Desktop's JSON writer field by field.
    folder = dest / "ChatExport_makers"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "ingest" / "data" / "telegram" / "result.json", folder)
    return folder


SAMPLES: dict[str, Callable[[Path], Path]] = {
    "stackexchange": _stackexchange,
    "slack": _slack,
    "graph": _graph,
    "canonical": _canonical,
    "discourse": _discourse,
    "reddit": _reddit,
    "discord": _discord,
    "github": _github,
    "telegram": _telegram,
}


def make_sample(kind: str, dest: Path) -> Path:
    """Write ``kind``'s real sample under ``dest``; return the path to import."""
    dest.mkdir(parents=True, exist_ok=True)
    return SAMPLES[kind](dest)


def sample_files(path: Path) -> list[Path]:
    """The data files of a sample (the file itself, or every file under the folder)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------------
# Mutations
# ---------------------------------------------------------------------------------------

WRONG_TYPES: list[Any] = [None, 0, -1, 1.5, "", "x", [], {}, True, 2**70, "9" * 40, -(2**63), "NaN"]
BAD_DATES: list[Any] = [
    "2018-13-01",
    "2018-02-30T25:61:00",
    "not a date",
    "",
    "0000-00-00",
    "9999999999",
    "-1",
    1e20,
    -1,
    "1660301317.785879x",
    "2018-03-12T17:00:45.567+99:00",
    "\u0660\u0661",
]
HUGE: list[Any] = [10**30, -(10**30), 1e308, "x" * 200_000, "€" * 50_000, 2**63, 2**64]
TOKENS = [
    b"\x00",
    b"\xff\xfe",
    b'"',
    b"<",
    b">",
    b"&",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"\n",
    b"\\",
    b"\r\n",
    b"\xc3",
    b"&amp;",
    b"&#0;",
    b"]]>",
    b"<!--",
    b"\t",
    b";",
    b"'",
]


@dataclass
class Case:
    """One seeded mutation; ``what`` says what was done, for the report and the repro."""

    kind: str
    seed: int
    what: list[str] = field(default_factory=list)


#: marker string → (depth, JSON text): values to nest deeper than json.dumps can write
NESTS: dict[str, tuple[int, str]] = {}


def _walk(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def _mutate_json(data: Any, rng: random.Random, what: list[str]) -> Any:
    """One structural change to parsed JSON."""
    nodes = list(_walk(data))
    op = rng.choice(["drop", "type", "date", "dup", "huge", "nest", "swap_ids", "type", "drop"])
    if op == "dup":
        lists = [(p, n) for p, n in nodes if isinstance(n, list) and n]
        if lists:
            path, node = rng.choice(lists)
            item = rng.choice(node)
            node.insert(rng.randrange(len(node) + 1), json.loads(json.dumps(item)))
            what.append(f"duplicated an item of {list(path)}")
            return data
    if op == "swap_ids":
        ids = [
            (p, n) for p, n in nodes if p and p[-1] in ("id", "Id", "ts", "user", "name", "number")
        ]
        if len(ids) >= 2:
            (p1, _), (p2, v2) = rng.sample(ids, 2)
            _get(data, p1[:-1])[p1[-1]] = v2
            what.append(f"set {list(p1)} to the value of {list(p2)} (duplicate id)")
            return data
    keyed = [(p, n) for p, n in nodes if p]
    if not keyed:
        what.append("replaced the whole document")
        return rng.choice(WRONG_TYPES)
    path, node = rng.choice(keyed)
    parent = _get(data, path[:-1])
    if op == "drop":
        if isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
        what.append(f"dropped {list(path)}")
    elif op == "type":
        parent[path[-1]] = rng.choice(WRONG_TYPES)
        what.append(f"set {list(path)} to {parent[path[-1]]!r:.40}")
    elif op == "date":
        dated = [
            (p, n)
            for p, n in keyed
            if isinstance(p[-1], str)
            and any(s in p[-1].lower() for s in ("date", "time", "_at", "ts", "utc", "created"))
        ]
        if dated:
            path, node = rng.choice(dated)
            parent = _get(data, path[:-1])
        parent[path[-1]] = rng.choice(BAD_DATES)
        what.append(f"set {list(path)} to the bad date {parent[path[-1]]!r}")
    elif op == "huge":
        parent[path[-1]] = rng.choice(HUGE)
        what.append(f"set {list(path)} to a huge value ({type(parent[path[-1]]).__name__})")
    else:  # nest
        depth = rng.choice([50, 1000, 100_000])
        marker = f"@@nest{rng.random()}@@"
        NESTS[marker] = (depth, json.dumps(node))
        parent[path[-1]] = marker
        what.append(f"nested {list(path)} {depth} deep")
    return data


def _mutate_json_text(text: str, rng: random.Random, what: list[str]) -> bytes:
    data = _mutate_json(json.loads(text), rng, what)
    out = json.dumps(data, indent=1)
    for marker, (depth, inner) in list(NESTS.items()):  # deep nesting, spliced in as text
        opens = "".join(rng.choice(["[", '{"a":']) for _ in range(depth))
        closes = "".join(
            "]" if o == "[" else "}" for o in reversed(re.findall(r'\[|\{"a":', opens))
        )
        out = out.replace(json.dumps(marker), opens + inner + closes)
        del NESTS[marker]
    return out.encode()


def _mutate_ndjson(text: str, rng: random.Random, what: list[str]) -> bytes:
    lines = [line for line in text.splitlines() if line.strip()]
    index = rng.randrange(len(lines))
    if rng.random() < 0.2:
        lines.insert(rng.randrange(len(lines) + 1), lines[index])
        what.append(f"duplicated line {index + 1}")
    else:
        sub: list[str] = []
        lines[index] = _mutate_json_text(lines[index], rng, sub).decode().replace("\n", "")
        what.append(f"line {index + 1}: " + "; ".join(sub))
    return ("\n".join(lines) + "\n").encode()


def _mutate_xml(text: str, rng: random.Random, what: list[str]) -> bytes:
    lines = text.splitlines()
    rows = [i for i, line in enumerate(lines) if line.lstrip().startswith("<row ")]
    op = rng.choice(["drop", "type", "date", "dup", "huge", "nest", "entity", "type", "drop"])
    if not rows or op == "entity":
        decl = rng.choice(
            [
                '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
                '<!DOCTYPE r [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>',
                '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                '<!ENTITY e "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
            ]
        )
        lines.insert(1, decl)
        if rows:
            i = rng.choice(rows) + 1
            lines[i] = lines[i].replace('"', '"&e;', 1)
        what.append(f"declared an entity: {decl[:60]}")
        return ("\n".join(lines) + "\n").encode()
    i = rng.choice(rows)
    attrs = re.findall(r'(\w+)="([^"]*)"', lines[i])
    if op == "dup":
        lines.insert(i, lines[i])
        what.append(f"duplicated the row on line {i + 1}")
    elif op == "nest":
        depth = rng.choice([50, 5000, 300_000])
        lines[i] = "<row>" * depth + lines[i] + "</row>" * depth
        what.append(f"nested the row on line {i + 1} {depth} deep")
    elif attrs:
        name, _ = rng.choice(attrs)
        if op == "date":
            dated = [a for a, _ in attrs if "Date" in a]
            name = rng.choice(dated) if dated else name
            value = str(rng.choice(BAD_DATES))
        elif op == "huge":
            value = str(rng.choice(HUGE))
        elif op == "type":
            value = str(rng.choice(WRONG_TYPES))
        else:
            value = None
        pattern = re.compile(rf'\b{name}="[^"]*"')
        if value is None:
            lines[i] = pattern.sub("", lines[i], count=1)
            what.append(f"line {i + 1}: dropped {name}")
        else:
            escaped = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            lines[i] = pattern.sub(lambda _: f'{name}="{escaped}"', lines[i], count=1)
            what.append(f"line {i + 1}: set {name} to {value!r:.40}")
    return ("\n".join(lines) + "\n").encode()


def _mutate_lines(text: str, rng: random.Random, what: list[str]) -> bytes:
    """CSV or edge list: fields dropped, added, made wrong or huge; lines duplicated."""
    lines = text.splitlines()
    if not lines:
        return b"x\n"
    i = rng.randrange(len(lines))
    sep = "," if lines[i].count(",") >= lines[i].count(" ") else " "
    fields = lines[i].split(sep)
    op = rng.choice(
        ["drop_line", "dup", "drop_field", "add_field", "type", "date", "huge", "quote"]
    )
    if op == "drop_line":
        del lines[i]
    elif op == "dup":
        lines.insert(i, lines[i])
    elif op == "drop_field":
        del fields[rng.randrange(len(fields))]
    elif op == "add_field":
        fields.insert(rng.randrange(len(fields) + 1), str(rng.choice(WRONG_TYPES)))
    elif op == "quote":
        j = rng.randrange(len(fields))
        fields[j] = '"' + fields[j]
    else:
        pool = {"type": WRONG_TYPES, "date": BAD_DATES, "huge": HUGE}[op]
        fields[rng.randrange(len(fields))] = str(rng.choice(pool))
    if op not in ("drop_line", "dup"):
        lines[i] = sep.join(fields)
    what.append(f"line {i + 1}: {op}")
    return ("\n".join(lines) + "\n").encode()


def _mutate_bytes(raw: bytes, rng: random.Random, what: list[str]) -> bytes:
    op = rng.choice(["truncate", "flip", "insert", "delete", "repeat", "flip"])
    n = len(raw)
    if n == 0:
        what.append("inserted bytes into an empty file")
        return rng.choice(TOKENS)
    at = rng.randrange(n)
    if op == "truncate":
        what.append(f"truncated at byte {at} of {n}")
        return raw[:at]
    if op == "flip":
        data = bytearray(raw)
        count = rng.choice([1, 1, 2, 8])
        for _ in range(count):
            j = rng.randrange(n)
            data[j] ^= 1 << rng.randrange(8)
        what.append(f"flipped {count} bit(s)")
        return bytes(data)
    if op == "insert":
        token = rng.choice(TOKENS) if rng.random() < 0.7 else rng.randbytes(rng.randrange(1, 16))
        what.append(f"inserted {token!r:.30} at byte {at}")
        return raw[:at] + token + raw[at:]
    if op == "delete":
        length = rng.randrange(1, 64)
        what.append(f"deleted {length} bytes at {at}")
        return raw[:at] + raw[at + length :]
    length = rng.randrange(1, 200)
    what.append(f"repeated {length} bytes at {at}")
    return raw[: at + length] + raw[at : at + length] + raw[at + length :]


def mutate(kind: str, sample: Path, seed: int) -> tuple[Path, Case]:
    """Mutate the sample at ``sample`` in place (it is a fresh copy) with seed ``seed``."""
    rng = random.Random(f"{kind}:{seed}")
    case = Case(kind, seed)
    files = sample_files(sample)
    r = rng.random()
    if r < 0.02:
        shutil.rmtree(sample) if sample.is_dir() else sample.unlink()
        case.what.append("the path is missing")
        return sample, case
    target = rng.choice(files)
    name = str(target.relative_to(sample if sample.is_dir() else sample.parent))
    if r < 0.05:
        target.write_bytes(b"")
        case.what.append(f"{name}: emptied")
        return sample, case
    if r < 0.07:
        target.unlink()
        case.what.append(f"{name}: removed")
        return sample, case
    if r < 0.08:
        target.unlink()
        target.mkdir()
        case.what.append(f"{name}: replaced by a folder")
        return sample, case
    raw = target.read_bytes()
    rounds = rng.choice([1, 1, 1, 2, 3])
    for _ in range(rounds):
        sub: list[str] = []
        structural = rng.random() < 0.6
        try:
            text = raw.decode("utf-8")
            if not structural:
                raise ValueError
            if target.suffix == ".xml":
                raw = _mutate_xml(text, rng, sub)
            elif target.suffix == ".ndjson":
                raw = _mutate_ndjson(text, rng, sub)
            elif target.suffix == ".json":
                raw = _mutate_json_text(text, rng, sub)
            else:
                raw = _mutate_lines(text, rng, sub)
        except (ValueError, RecursionError):  # not text or JSON any more, or bytes by choice
            sub = []
            raw = _mutate_bytes(raw, rng, sub)
        case.what.append(f"{name}: " + "; ".join(sub))
    target.write_bytes(raw)
    return sample, case


# ---------------------------------------------------------------------------------------
# Running a case
# ---------------------------------------------------------------------------------------


class Hang(BaseException):
    """A case ran past its time limit (a BaseException, so no importer can swallow it)."""


@dataclass
class Outcome:
    kind: str
    seed: int
    result: str  # ok | error | bug | partial | hang
    what: list[str]
    detail: str = ""
    seconds: float = 0.0


def snapshot(store: Any) -> dict[str, str]:
    """A digest of every table of the store (tests/conftest.py's ``snapshot``, extended to
    ``imports`` and the bookkeeping tables of later migrations)."""
    import hashlib

    names = store.con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
    ).fetchall()
    out = {}
    for (table,) in names:
        rows = store.con.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall()
        out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


class Runner:
    """Runs cases of one importer; keeps a store holding the clean sample between cases.

    The store is rebuilt only after a case that imported (and so changed it); a failed case
    must leave it as it was, which is what the digest check proves.
    """

    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        self.workdir = workdir
        self.clean = make_sample(kind, workdir / "clean")
        self.store: Any = None
        self.digest: dict[str, str] = {}

    def fresh_store(self) -> None:
        from nichescout.ingest import ingest
        from nichescout.store import Store

        if self.store is not None:
            self.store.close()
        self.store = Store(":memory:")
        ingest(self.store, self.kind, self.clean)
        self.digest = snapshot(self.store)

    def prepare(self, seed: int) -> tuple[Path, Case]:
        case_dir = self.workdir / "case"
        if case_dir.exists():
            shutil.rmtree(case_dir)
        case_dir.mkdir()
        copy = case_dir / self.clean.name
        if self.clean.is_dir():
            shutil.copytree(self.clean, copy)
        else:
            shutil.copy(self.clean, copy)
        return mutate(self.kind, copy, seed)

    def run(self, seed: int, timeout: float = 60.0) -> Outcome:
        from nichescout.exceptions import NicheScoutError
        from nichescout.ingest import ingest

        if self.store is None:
            self.fresh_store()
        path, case = self.prepare(seed)
        started = time.perf_counter()

        def on_alarm(signum: int, frame: Any) -> None:
            raise Hang

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            try:
                ingest(self.store, self.kind, path)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
        except Hang:
            self.store = None  # unknown state: rebuild
            return Outcome(self.kind, seed, "hang", case.what, f"over {timeout} s", timeout)
        except NicheScoutError as err:
            seconds = time.perf_counter() - started
            if snapshot(self.store) != self.digest:
                self.store = None
                return Outcome(self.kind, seed, "partial", case.what, str(err)[:300], seconds)
            return Outcome(self.kind, seed, "error", case.what, type(err).__name__, seconds)
        except Exception as err:  # noqa: BLE001 - anything else is what we are looking for
            seconds = time.perf_counter() - started
            self.store = None
            frame = traceback.extract_tb(err.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            detail = f"{type(err).__name__} at {where}: {str(err)[:200]}"
            return Outcome(self.kind, seed, "bug", case.what, detail, seconds)
        seconds = time.perf_counter() - started
        self.store = None  # it imported: the next case needs the clean store again
        return Outcome(self.kind, seed, "ok", case.what, "", seconds)


# ---------------------------------------------------------------------------------------
# The on-demand run: worker processes, a watchdog for hangs, a summary
# ---------------------------------------------------------------------------------------


def _worker(kind: str, seeds: list[int], timeout: float, results: Any) -> None:
    os.nice(0)
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{kind}-") as tmp:
        runner = Runner(kind, Path(tmp))
        for seed in seeds:
            results.put(("start", kind, seed, time.time()))
            outcome = runner.run(seed, timeout)
            results.put(("done", kind, seed, outcome.__dict__))


def run_all(
    kinds: list[str], cases: int, workers: int, timeout: float, first_seed: int
) -> dict[str, Any]:
    """Run ``cases`` seeds per kind over ``workers`` processes; the parent kills any worker
    whose case runs more than ``timeout`` + 30 s (a hang the alarm could not break)."""
    ctx = mp.get_context("fork")
    results = ctx.Queue()
    jobs: list[tuple[str, list[int]]] = []
    chunk = 250
    for kind in kinds:
        seeds = list(range(first_seed, first_seed + cases))
        jobs += [(kind, seeds[i : i + chunk]) for i in range(0, len(seeds), chunk)]
    pending = list(jobs)
    running: dict[int, tuple[Any, str, list[int]]] = {}
    started_case: dict[tuple[str, int], float] = {}
    done: dict[tuple[str, int], dict[str, Any]] = {}
    clock = time.perf_counter()
    while pending or running:
        while pending and len(running) < workers:
            kind, seeds = pending.pop(0)
            proc = ctx.Process(target=_worker, args=(kind, seeds, timeout, results))
            proc.start()
            running[proc.pid] = (proc, kind, seeds)
        try:
            message = results.get(timeout=1.0)
            tag, kind, seed, payload = message
            if tag == "start":
                started_case[(kind, seed)] = payload
            else:
                started_case.pop((kind, seed), None)
                done[(kind, seed)] = payload
        except queue.Empty:
            pass
        for pid, (proc, kind, seeds) in list(running.items()):
            stuck = [
                (k, s)
                for (k, s), t in started_case.items()
                if k == kind and s in seeds and time.time() - t > timeout + 30
            ]
            if stuck:
                proc.kill()
                proc.join()
                for k, s in stuck:
                    started_case.pop((k, s))
                    done[(k, s)] = Outcome(
                        k, s, "hang", [], "killed by the watchdog", timeout
                    ).__dict__
                rest = [s for s in seeds if (kind, s) not in done]
                del running[pid]
                if rest:
                    pending.insert(0, (kind, rest))
            elif not proc.is_alive() and all((kind, s) in done for s in seeds):
                proc.join()
                del running[pid]
            elif not proc.is_alive() and results.empty():
                proc.join()
                del running[pid]
                rest = [s for s in seeds if (kind, s) not in done]
                for s in rest[:1]:  # the worker died on this case (e.g. a segfault)
                    done[(kind, s)] = Outcome(
                        kind, s, "bug", [], f"worker died ({proc.exitcode})"
                    ).__dict__
                if rest[1:]:
                    pending.insert(0, (kind, rest[1:]))
    elapsed = time.perf_counter() - clock
    summary: dict[str, Any] = {"seconds": round(elapsed, 1), "kinds": {}}
    for kind in kinds:
        outs = [o for (k, _), o in done.items() if k == kind]
        counts = Counter(o["result"] for o in outs)
        bugs = [o for o in outs if o["result"] in ("bug", "partial", "hang")]
        summary["kinds"][kind] = {
            "cases": len(outs),
            **{r: counts.get(r, 0) for r in ("ok", "error", "bug", "partial", "hang")},
            "slowest_s": round(max((o["seconds"] for o in outs), default=0.0), 2),
            "problems": sorted(bugs, key=lambda o: o["seed"])[:20],
            "distinct": dict(Counter(o["detail"].split(": ")[0] for o in bugs)),
        }
    return summary


def _table(summary: dict[str, Any]) -> str:
    head = "| importer | cases | imported | project error | other exception | partial write | hang > 60 s | slowest case (s) |"
    rows = [head, "|" + "---|" * 8]
    for kind, s in summary["kinds"].items():
        rows.append(
            f"| {kind} | {s['cases']} | {s['ok']} | {s['error']} | {s['bug']} | {s['partial']} "
            f"| {s['hang']} | {s['slowest_s']} |"
        )
    return "\n".join(rows)


def repro(kind: str, seed: int) -> None:
    """Write the mutated sample of ``(kind, seed)`` to bench/out/fuzz/ and import it, loudly."""
    from nichescout.ingest import ingest
    from nichescout.store import Store

    where = OUT_DIR / f"{kind}-{seed}"
    if where.exists():
        shutil.rmtree(where)
    runner = Runner(kind, where)
    path, case = runner.prepare(seed)
    print("\n".join(case.what))
    print(f"mutated sample: {path}")
    with Store(":memory:") as store:
        ingest(store, kind, runner.clean)
        print(ingest(store, kind, path))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated importers")
    parser.add_argument("--cases", type=int, default=10_000, help="cases per importer")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a hang")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--repro", nargs=2, metavar=("KIND", "SEED"))
    args = parser.parse_args(argv)
    if args.repro:
        repro(args.repro[0], int(args.repro[1]))
        return
    kinds = args.kinds.split(",")
    summary = run_all(kinds, args.cases, args.workers, args.timeout, args.first_seed)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / f"summary-{'-'.join(kinds) if len(kinds) < 3 else 'all'}-{args.cases}.json"
    out.write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
    print(_table(summary))
    print(f"\n{summary['seconds']} s; details in {out.relative_to(ROOT)}")
    for kind, s in summary["kinds"].items():
        for o in s["problems"]:
            print(
                f"{kind} seed {o['seed']}: {o['result']}: {o['detail']} <- {'; '.join(o['what'])[:200]}"
            )


if __name__ == "__main__":
    main()
