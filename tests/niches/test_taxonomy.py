"""The taxonomy: the default file, a user's file on top, and one-line errors naming file and line."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from nichescout.exceptions import InputError, NotFoundError
from nichescout.niches.taxonomy import LANGUAGES, default_taxonomy_path, load_taxonomy

ISSUE_NICHES = (
    "fitness", "beauty", "gaming", "travel", "food", "personal finance", "tech", "parenting",
    "fashion", "sustainability", "music", "sports", "pets", "home & diy", "education",
    "art & design",
)  # fmt: skip


def write(tmp_path: Path, text: str, name: str = "my.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_has_every_niche_of_the_issue_in_seven_languages() -> None:
    taxonomy = load_taxonomy()
    assert set(ISSUE_NICHES) <= set(taxonomy.names)
    assert len(set(taxonomy.names)) == len(taxonomy)
    for niche in taxonomy:
        assert niche.description, niche.name
        assert niche.name == niche.name.lower()
        for lang in LANGUAGES:
            assert niche.keywords.get(lang), f"{niche.name} has no {lang} words"
        for tag in niche.hashtags:
            assert tag == tag.lower() and not tag.startswith("#") and " " not in tag


def test_the_default_is_package_data_read_as_plain_toml() -> None:
    path = default_taxonomy_path()
    assert path.parent.name == "data"  # shipped by pyproject's "data/**/*"
    assert set(tomllib.loads(path.read_text("utf-8"))["niches"]) == set(load_taxonomy().names)


def test_a_user_file_extends_replaces_removes_and_adds(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[segmentation]
en = ["rawr"]

[niches.fitness]
en = ["kettlebell", "workout"]
hashtags = ["#Kettlebells"]

[niches.Crypto]
remove = true

[niches.pets]
replace = true
description = "Only reptiles."
en = ["gecko"]

[niches."board games"]
description = "Tabletop games."
en = ["board game", "meeple"]
de = ["Brettspiel"]
""",
    )
    default = load_taxonomy()
    taxonomy = load_taxonomy(path)
    assert taxonomy.sources == (str(default_taxonomy_path()), str(path))
    fitness = taxonomy["fitness"]
    assert fitness.keywords["en"][-1] == "kettlebell"  # added once, "workout" was there
    assert fitness.keywords["en"].count("workout") == 1
    assert fitness.hashtags[-1] == "kettlebells"
    assert fitness.description == default["fitness"].description
    assert "crypto" not in taxonomy.names
    assert taxonomy["pets"].keywords == {"en": ("gecko",)}
    assert taxonomy["pets"].description == "Only reptiles."
    assert taxonomy.names[-1] == "board games"
    assert taxonomy["Board Games"].keywords["de"] == ("Brettspiel",)
    assert taxonomy.segmentation["en"][-1] == "rawr"
    with pytest.raises(NotFoundError, match="No niche 'crypto' in the taxonomy; it has fitness"):
        taxonomy["crypto"]


def test_a_file_alone_without_the_default(tmp_path: Path) -> None:
    path = write(tmp_path, '[niches.yoga]\nen = ["asana"]\n')
    assert load_taxonomy(path, default=False).names == ("yoga",)


ERRORS = [
    ("[niches.yoga\nen = []\n", "line 1", "is not valid TOML"),
    ('[niches.yoga]\nen = ["a",]\nde = [1]\n', "line 3", "de of niche 'yoga' holds 1"),
    (
        '[niches.yoga]\n\nen = "asana"\n',
        "line 3",
        'must be a list of words, such as en = ["asana"]',
    ),
    ('[niches.yoga]\nen = ["asana"]\nhashtag = ["yoga"]\n', "line 3", "unknown key 'hashtag'"),
    (
        '[niches.yoga]\nen = ["asana"]\nreplace = "yes"\n',
        "line 3",
        "replace of niche 'yoga' must be true or false",
    ),
    (
        '[niches."hot yoga"]\ndescription = "Yoga, hot."\n',
        "line 1",
        "niche 'hot yoga' has no words",
    ),
    ('[niches.yoga]\nen = ["  "]\n', "line 2", "every entry must be a word or phrase"),
    (
        '[niches.yoga]\nen = ["asana"]\nhashtags = ["hot yoga"]\n',
        "line 3",
        "must be one word without spaces",
    ),
    ("niche = 3\n", "line 1", "unknown table or key 'niche'"),
    (
        '[segmentation]\nenglish = ["my"]\n',
        "line 2",
        "'english' in [segmentation] is not a language code",
    ),
    ("[niches]\nyoga = 3\n", "line 2", "niche 'yoga' must be a table"),
    (
        '[niches.yoga]\ndescription = 5\nen = ["asana"]\n',
        "line 2",
        "description of niche 'yoga' must be text",
    ),
]


@pytest.mark.parametrize(("text", "line", "problem"), ERRORS)
def test_errors_are_one_line_naming_file_and_line(
    tmp_path: Path, text: str, line: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_taxonomy(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, {line}: "), message
    assert problem in message
    assert "\n" not in message


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_taxonomy(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="is a folder"):
        load_taxonomy(tmp_path)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[niches.caf\xe9]\nen = ["x"]\n'.encode("latin-1"))
    with pytest.raises(InputError, match="is not UTF-8"):
        load_taxonomy(latin)
    every = "".join(f'[niches."{n}"]\nremove = true\n' for n in load_taxonomy().names)
    with pytest.raises(InputError, match="leaves no niche"):
        load_taxonomy(write(tmp_path, every))


def test_rows_for_the_list_need_no_pandas() -> None:
    columns, rows = load_taxonomy().rows()
    assert columns == ["niche", "description", "languages", "keywords", "hashtags", "examples"]
    assert rows[0][0] == "fitness" and rows[0][2] == " ".join(LANGUAGES)
    assert all(isinstance(r[3], int) and r[3] > 0 for r in rows)
