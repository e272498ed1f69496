"""A synthetic community with heavy-tailed activity, written as canonical Parquet tables.

Members act with Zipf-like propensities (a few very active, most rarely), and receive
attention with another Zipf-like popularity, so the interaction graph has the power-law
degrees of real communities. Used by the scale benchmark; seeded, so runs are comparable.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

KINDS = np.array(["reply", "reaction", "vote_up", "mention", "accept", "vote_down", "referral"])
KIND_SHARE = np.array([0.30, 0.40, 0.15, 0.09, 0.03, 0.02, 0.01])
START = np.datetime64("2024-01-01T00:00:00", "us")
YEAR_US = 365 * 24 * 3600 * 1_000_000


def _zipf_weights(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    rng.shuffle(weights)
    return weights / weights.sum()


def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(numbers), pa.string()), "")


def _times(rng: np.random.Generator, n: int) -> pa.Array:
    return pa.array(START + rng.integers(0, YEAR_US, n).astype("timedelta64[us]"))


def write_community(
    folder: Path,
    members: int,
    interactions: int,
    content: int | None = None,
    seed: int = 0,
    chunk: int = 2_000_000,
) -> dict[str, int]:
    """Write members/content/interactions Parquet files into ``folder``; return row counts."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    content = content if content is not None else max(interactions // 10, 1)
    platform = "synthetic"
    member_numbers = np.arange(members)
    pq.write_table(
        pa.table(
            {
                "platform": pa.array([platform] * members),
                "member_id": _ids("m", member_numbers),
                "handle": _ids("user", member_numbers),
                "joined_at": _times(rng, members),
                "is_bot": pa.array(np.zeros(members, dtype=bool)),
            }
        ),
        folder / "members.parquet",
    )
    activity = _zipf_weights(members, 1.0, rng)
    popularity = _zipf_weights(members, 1.1, rng)
    threads = max(content // 4, 1)
    authors = rng.choice(members, size=content, p=activity)
    thread_of = np.where(
        np.arange(content) < threads, np.arange(content), rng.integers(0, threads, content)
    )
    is_root = np.arange(content) < threads
    times = START + rng.integers(0, YEAR_US, content).astype("timedelta64[us]")
    times = np.where(
        is_root,
        times,
        times[thread_of]
        + rng.integers(0, 7 * 24 * 3600 * 1_000_000, content).astype("timedelta64[us]"),
    )
    content_ids = _ids("c", np.arange(content))
    thread_ids = _ids("c", thread_of)
    pq.write_table(
        pa.table(
            {
                "platform": pa.array([platform] * content),
                "content_id": content_ids,
                "author_id": _ids("m", authors),
                "kind": pa.array(np.where(is_root, "question", "answer")),
                "parent_id": pc.if_else(
                    pa.array(is_root), pa.scalar(None, pa.string()), thread_ids
                ),
                "thread_id": thread_ids,
                "created_at": pa.array(times),
            }
        ),
        folder / "content.parquet",
    )
    writer = None
    done = 0
    while done < interactions:
        n = min(chunk, interactions - done)
        actors = rng.choice(members, size=n, p=activity)
        targets = rng.choice(members, size=n, p=popularity)
        kinds = KINDS[rng.choice(len(KINDS), size=n, p=KIND_SHARE)]
        on = rng.integers(0, content, n)
        batch = pa.table(
            {
                "platform": pa.array([platform] * n),
                "interaction_id": _ids("e", np.arange(done, done + n)),
                "actor_id": _ids("m", actors),
                "kind": pa.array(kinds),
                "target_id": _ids("m", targets),
                "content_id": _ids("c", on),
                "created_at": _times(rng, n),
                "value": pa.array(np.ones(n)),
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(folder / "interactions.parquet", batch.schema)
        writer.write_table(batch)
        done += n
    if writer is not None:
        writer.close()
    return {"members": members, "content": content, "interactions": interactions}
