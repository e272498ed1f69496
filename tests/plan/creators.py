"""A small hand-made creator community as canonical files: 4 creators, 12 fans, 16
interactions (14 follows, 2 replies). Followers, languages and niches are known; the follow
lists are the explicit audiences the planner must find.
"""

from __future__ import annotations

import json
from pathlib import Path

PLATFORM = "insta:test"

#: creator → (followers, language, niche, fans who follow it or replied to it)
CREATORS: dict[str, tuple[int, str, str, list[str]]] = {
    "alice": (250_000, "en", "fitness", ["f1", "f2", "f3", "f4", "f5", "f6"]),
    "bruno": (20_000, "pt-BR", "food", ["f4", "f5", "f6", "f7", "f8"]),
    "chen": (5_000, "en", "fitness", ["f1", "f2", "f9"]),
    "dara": (800, "en", "travel", ["f10", "f11"]),
}
FANS = [f"f{k}" for k in range(1, 13)]  # f12 follows no one


def expected_cost(followers: int) -> float:
    """The default followers card, written out: nano < 1K ≤ micro < 100K ≤ macro < 1M."""
    if followers < 1_000:
        minimum = 20.0
    elif followers < 100_000:
        minimum = 100.0
    elif followers < 1_000_000:
        minimum = 1_000.0
    else:
        minimum = 10_000.0
    return max(minimum, 10.0 * followers / 1_000)


def write_creators(folder: Path) -> Path:
    """members.csv and interactions.csv of the community in ``folder``; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["member_id,handle,display_name,followers,language,attributes"]
    for name, (followers, language, niche, _) in CREATORS.items():
        attrs = json.dumps({"niche": niche}).replace('"', '""')
        lines.append(f'{name},@{name},{name.title()},{followers},{language},"{attrs}"')
    lines += [f"{fan},@{fan},Fan {fan[1:]},,," for fan in FANS]
    (folder / "members.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = ["actor_id,kind,target_id,created_at"]
    for name, (_, _, _, fans) in CREATORS.items():
        for k, fan in enumerate(fans):
            kind = "reply" if (name, k) in {("chen", 2), ("dara", 1)} else "follow"
            rows.append(f"{fan},{kind},{name},2024-03-0{1 + k % 9}T12:00:00")
    (folder / "interactions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder
