"""What a signal is, and the registry of all of them.

A signal is a small function of the store that yields one number per member (``value``),
plus the raw counts its explanation quotes. Each lives in its own module with its formula in
the docstring; :data:`SIGNALS` lists them in a fixed order.

Every signal query sees a :class:`SignalContext`: the platform, the time window, the
recency weights and the settings. Members that are bots never receive credit, and what bots
do (reactions, replies, mentions, invitations) never counts as credit for anyone.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd

from nichescout import settings as _settings
from nichescout.window import Window

__all__ = ["SIGNALS", "Recency", "Signal", "SignalContext", "register"]


@dataclass(frozen=True)
class Recency:
    """One recency half-life of a context, as :meth:`SignalContext.each` builds columns for it.

    >>> from datetime import datetime
    >>> r = Recency(Window(until=datetime(2020, 2, 1)), None, "__h1")
    >>> r.weight("t"), r.col("value")
    ('1.0', 'value__h1')
    """

    window: Window
    end: datetime | None
    suffix: str  # "" for the window's own half-life, "__h1", "__h2", … for the extra ones
    #: True when the query reads a span wider than ``window`` (``SignalContext.windows``):
    #: the weight is then zero outside the recency's own window.
    bounded: bool = False
    #: The latest reference time of the windows a query computes together (``bounded``
    #: only): each window's weight is then written on it (:meth:`Window.weight_inside`).
    reference: datetime | None = None

    def weight(self, column: str, *within: str) -> str:
        """SQL expression of the recency weight of an event at ``column`` at this half-life;
        when :attr:`bounded`, zero unless ``column`` and every column of ``within`` lie in
        the recency's window.

        >>> from datetime import datetime
        >>> r = Recency(Window(datetime(2020, 1, 1)), None, "__w1", bounded=True)
        >>> print(r.weight("t"))
        CASE WHEN (t >= TIMESTAMP '2020-01-01 00:00:00') THEN 1.0 ELSE 0.0 END
        """
        if not self.bounded:
            return self.window.weight(column, self.end)
        inside = self.inside(column, *within)
        return self.window.weight_inside(column, self.end, inside, self.reference)

    def inside(self, *columns: str) -> str:
        """SQL condition: every one of ``columns`` lies in the recency's window (TRUE when
        not :attr:`bounded`: the query's own filter has already said so)."""
        if not self.bounded:
            return "TRUE"
        return " AND ".join(self.window.where(c) for c in columns)

    def bound(self, given: datetime | None, aggregate: str, column: str = "created_at") -> str:
        """SQL aggregate of one of the window's bounds: ``given`` when known, else
        ``aggregate`` (min or max) of ``column`` over the window's own rows.

        >>> from datetime import datetime
        >>> r = Recency(Window(), None, "")
        >>> r.bound(datetime(2020, 1, 1), "max"), r.bound(None, "min")
        ("any_value(TIMESTAMP '2020-01-01 00:00:00')", 'min(created_at) FILTER (WHERE TRUE)')
        """
        if given is not None:
            return f"any_value(TIMESTAMP '{given.isoformat(sep=' ')}')"
        return f"{aggregate}({column}) FILTER (WHERE {self.inside(column)})"

    def col(self, name: str) -> str:
        """The name of column ``name`` at this half-life."""
        return name + self.suffix


@dataclass(frozen=True)
class SignalContext:
    """Everything a signal query needs besides the connection."""

    platform: str
    window: Window = field(default_factory=Window)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    end: datetime | None = None  # the last event time when the window has no ``until``
    #: Results shared by signals computed in this context (the interaction graph measures);
    #: it lives as long as the context, so it never outlives the data it was computed from.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: Results that depend on the platform's rows alone, whatever the window (see
    #: :meth:`once`): a ranking shares one such dict between its fit's inner cutoffs and
    #: its final scoring, which all read the same store.
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: More half-lives computed by the same query (a fit's grid, one pass over the events):
    #: a signal whose ``Signal.grid`` is true returns, besides ``value`` at the window's own
    #: half-life, ``value__h1``, ``value__h2``, … at these (see :meth:`each`).
    extra_half_lives: tuple[float | None, ...] = ()
    #: Several windows computed by the same query (a fit's inner cutoffs: one pass over the
    #: events instead of one per cutoff), each with the reference time of its recency
    #: weights. Set by :meth:`spanning`, which makes ``window`` the span of them all; a
    #: signal whose ``Signal.windows`` is true then returns ``value`` for the first window,
    #: ``value__w1``, … for the others (and ``__h1``, … after each for ``extra_half_lives``).
    windows: tuple[tuple[Window, datetime | None], ...] = ()

    def __post_init__(self) -> None:
        # A window without its own half-life takes the setting ``half_life_days`` (None by
        # default: no recency weighting), so ``settings={"half_life_days": 90}`` weighs
        # every signal and the interaction graph alike.
        if self.window.half_life_days is None:
            half_life = self.setting("half_life_days")
            if half_life is not None:
                window = replace(self.window, half_life_days=float(half_life))
                object.__setattr__(self, "window", window)

    def setting(self, name: str) -> Any:
        return _settings.get(name, self.overrides)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()``, computed once per platform for every context sharing :attr:`shared`.

        Only for what does not depend on the window, the half-lives or the settings.
        """
        name = f"{self.platform}\x00{key}"
        if name not in self.shared:
            self.shared[name] = make()
        return self.shared[name]

    def scope(self, alias: str) -> str:
        """SQL condition restricting ``alias`` to the platform."""
        quoted = self.platform.replace("'", "''")
        return f"{alias}.platform = '{quoted}'"

    def when(self, column: str) -> str:
        return self.window.where(column)

    def before_end(self, column: str) -> str:
        """SQL condition: ``column`` is before the window's end (no lower bound).

        For what happened later to things made in the window — replies to a thread, votes on
        an idea — which may come after ``since`` but never after ``until``.
        """
        return Window(until=self.window.until).where(column)

    def weight(self, column: str) -> str:
        return self.window.weight(column, self.end)

    def spanning(self, windows: Sequence[tuple[Window, datetime | None]]) -> SignalContext:
        """This context computing each of ``windows`` (a window and the reference time of
        its recency weights) in one query: its ``window`` spans them all.

        >>> a, b = datetime(2020, 1, 1), datetime(2020, 2, 1)
        >>> ctx = SignalContext("x").spanning([(Window(until=a), a), (Window(until=b), b)])
        >>> ctx.window.until == b, [r.col("value") for r in ctx.recencies()]
        (True, ['value', 'value__w1'])
        >>> SignalContext("x").spanning([(Window(until=a), a)]).windows
        ()
        """
        if not windows:
            raise ValueError("spanning needs at least one window")
        if len(windows) == 1:  # nothing to span: the window itself, as a context of its own
            ((window, end),) = windows
            return replace(self, window=window, end=end or self.end, cache={})
        span = Window.covering(w for w, _ in windows)
        ends = [e for _, e in windows if e is not None]
        return replace(
            self,
            window=replace(span, half_life_days=windows[0][0].half_life_days),
            end=max(ends) if ends else self.end,
            windows=tuple(windows),
            cache={},
        )

    def recencies(self) -> list[Recency]:
        """The window's own half-life, then each of ``extra_half_lives`` (None: the setting
        ``half_life_days``, as for a window of its own); with :attr:`windows`, those of
        each window in turn, each weight bounded to its window."""
        if not self.windows:
            return self._recencies(self.window, self.end, "", bounded=False)
        reference = Window.latest_reference(self.windows)
        out = []
        for j, (window, end) in enumerate(self.windows):
            prefix = f"__w{j}" if j else ""
            out += self._recencies(window, end, prefix, bounded=True, reference=reference)
        return out

    def _recencies(
        self,
        window: Window,
        end: datetime | None,
        prefix: str,
        *,
        bounded: bool,
        reference: datetime | None = None,
    ) -> list[Recency]:
        out = []
        for i, h in enumerate((window.half_life_days, *self.extra_half_lives)):
            if h is None and (i or bounded):  # as __post_init__ does for ``window``
                h = self.setting("half_life_days")
            days = None if h is None else float(h)
            suffix = prefix + (f"__h{i}" if i else "")
            window_h = replace(window, half_life_days=days)
            out.append(Recency(window_h, end, suffix, bounded, reference))
        return out

    def each(self, alias: str, build: Callable[[Recency], str]) -> str:
        """SQL select-list items ``build(r) AS alias`` for every half-life ``r`` of the context.

        Without ``extra_half_lives`` that is one column; with them, one per half-life, named
        ``alias``, ``alias__h1``, … — so a query computes a whole half-life grid in one pass.
        ``build`` reads the half-life's weight as ``r.weight(column)`` and the columns an
        earlier ``each`` made as ``r.col(name)``.

        >>> ctx = SignalContext("x", Window(until=datetime(2020, 1, 1)), extra_half_lives=(7.0,))
        >>> print(ctx.each("value", lambda r: f"sum({r.weight('t')})"))
        sum(1.0) AS value, sum(coalesce(pow(2.0, -greatest(date_diff('second', t, TIMESTAMP \
'2020-01-01 00:00:00'), 0) / 604800.0), 1.0)) AS value__h1
        """
        return ", ".join(f"{build(r)} AS {r.col(alias)}" for r in self.recencies())

    def bots(self) -> str:
        """SQL subquery: the member keys of the platform's bots."""
        return f"(SELECT member_key FROM members m WHERE {self.scope('m')} AND coalesce(m.is_bot, false))"

    def not_bot(self, key: str) -> str:
        """SQL condition: ``key`` is not a bot of the platform (NULL — anonymous — passes).

        For who acted on something: an anonymous up-vote counts, a bot's reaction does not.
        """
        return f"({key} IS NULL OR {key} NOT IN {self.bots()})"

    def lacks(self, *kinds: str) -> str:
        """SQL condition: the platform has no interaction of any of ``kinds`` at all.

        Signals fall back on the counts a source kept on the content itself
        (``content.accepted``, ``content.likes``) only where it recorded no such events.
        """
        kind_list = ", ".join(sql_text(k) for k in kinds)
        return (
            f"NOT EXISTS (SELECT 1 FROM interactions x WHERE {self.scope('x')} "
            f"AND x.kind IN ({kind_list}))"
        )

    def deleted(self) -> str:
        """SQL subquery: the member keys of the platform's deleted-accounts placeholder(s).

        Importers file every deleted account of a platform as one placeholder member with
        ``attributes.deleted = true`` (``ingest.base.deleted_member``): nobody to rank, and
        not a newcomer to welcome.
        """
        return (
            f"(SELECT member_key FROM members m WHERE {self.scope('m')} AND "
            "lower(coalesce(json_extract_string(m.attributes, '$.deleted'), '')) = 'true')"
        )

    def humans(self, key: str) -> str:
        """SQL condition: ``key`` is a member key of a non-bot member of the platform.

        Keys in a platform's rows always name that platform's members (the loader resolves
        them per platform), so it is enough to rule out its bots, a small set — much faster
        than matching against every member on large stores.
        """
        return f"({key} IS NOT NULL AND {key} NOT IN {self.bots()})"


@dataclass(frozen=True)
class Signal:
    """A named signal: how to compute it and how to say it in words.

    ``compute(con, ctx)`` returns a DataFrame with ``member_key``, ``value`` and the detail
    columns named in ``why``: a ``str.format`` template over them, or a tuple of templates
    joined by commas, where a part whose first field is zero is left out.
    """

    name: str
    description: str
    compute: Callable[[duckdb.DuckDBPyConnection, SignalContext], pd.DataFrame]
    why: str | tuple[str, ...]
    group: str = "community"
    #: A member without a row did none of it (0); False: the signal does not apply to them.
    missing_means_zero: bool = True
    #: Whether the signal means anything for this platform and window (else it is skipped).
    applicable: Callable[[duckdb.DuckDBPyConnection, SignalContext], bool] | None = None
    #: Whether a recency half-life changes its values; False: the same for every half-life
    #: (a fit computes it once per inner cutoff; ``tests/signals`` holds the declaration).
    recency: bool = True
    #: Whether ``compute`` honours ``SignalContext.extra_half_lives`` (one query for a grid
    #: of half-lives); see :meth:`compute_grid`.
    grid: bool = False
    #: Whether ``compute`` honours ``SignalContext.windows`` (one query for several
    #: windows); see :meth:`compute_windows`.
    windows: bool = False

    def compute_grid(
        self,
        con: duckdb.DuckDBPyConnection,
        ctx: SignalContext,
        half_lives: Sequence[float | None],
    ) -> list[pd.DataFrame]:
        """The signal at each of ``half_lives`` (``ctx``'s window with that half-life): one
        query when the signal supports grids, else one per half-life. Each frame holds
        ``member_key`` and ``value``; members whose value is zero at every half-life may be
        missing (they did none of it)."""
        first, rest = half_lives[0], tuple(half_lives[1:])
        if self.grid and rest:
            base = replace(ctx, window=replace(ctx.window, half_life_days=first))
            grid = replace(base, extra_half_lives=rest)
            frame = self.compute(con, grid)
            return [
                frame[["member_key", r.col("value")]].rename(columns={r.col("value"): "value"})
                for r in grid.recencies()
            ]
        # each half-life in a context of its own: results cached in one (the interaction
        # graph) must not serve another
        return [
            self.compute(con, replace(ctx, window=replace(ctx.window, half_life_days=h), cache={}))[
                ["member_key", "value"]
            ]
            for h in half_lives
        ]

    def compute_windows(
        self,
        con: duckdb.DuckDBPyConnection,
        ctx: SignalContext,
        windows: Sequence[tuple[Window, datetime | None]],
        half_lives: Sequence[float | None],
    ) -> list[list[pd.DataFrame]]:
        """The signal in each of ``windows`` (a window and the reference time of its
        recency weights) at each of ``half_lives``, as :meth:`compute_grid` gives them for
        one window: one query for all when the signal supports it, else one per window
        (no windows: none)."""
        if not windows:
            return []
        if not self.windows:
            return [
                self.compute_grid(con, replace(ctx, window=w, end=e, cache={}), half_lives)
                for w, e in windows
            ]
        first = half_lives[0]
        wide = replace(ctx, extra_half_lives=tuple(half_lives[1:])).spanning(
            [(replace(w, half_life_days=first), e) for w, e in windows]
        )
        frame = self.compute(con, wide)
        columns = [r.col("value") for r in wide.recencies()]
        per = len(half_lives)
        return [
            [
                frame[["member_key", c]].rename(columns={c: "value"})
                for c in columns[j * per : (j + 1) * per]
            ]
            for j in range(len(windows))
        ]

    def applies(self, con: duckdb.DuckDBPyConnection, ctx: SignalContext) -> bool:
        """True unless the signal says it cannot be measured in ``ctx``."""
        return self.applicable is None or self.applicable(con, ctx)

    def explain(self, row: Mapping[str, Any]) -> str:
        """The signal's raw values in plain words.

        ``{n:#answer}`` prints a count with its noun, plural when needed; ``{n:#reply|replies}``
        names an irregular plural.

        >>> s = Signal("x", "", lambda con, ctx: pd.DataFrame(), "{n:#accepted answer}")
        >>> s.explain({"n": 31.0}), s.explain({"n": 1.0})
        ('31 accepted answers', '1 accepted answer')
        >>> Signal("x", "", s.compute, ("{a:#answer}", "{b:#thank}")).explain({"a": 0, "b": 2})
        '2 thanks'
        """
        try:
            values = {k: (0 if pd.isna(v) else v) for k, v in row.items()}
            if isinstance(self.why, str):
                return _WORDS.format(self.why, **values)
            parts = []
            for template in self.why:
                first = next(f for _, f, _, _ in _WORDS.parse(template) if f)
                if values.get(first, 0) != 0:
                    parts.append(_WORDS.format(template, **values))
            return ", ".join(parts)
        except (KeyError, ValueError, TypeError, StopIteration):
            return f"{self.name} = {row.get('value')}"


class _Words(string.Formatter):
    """``str.format`` plus the ``#noun`` / ``#noun|plural`` count spec."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if not format_spec.startswith("#"):
            return super().format_field(value, format_spec)
        singular, _, plural = format_spec[1:].partition("|")
        count = round(float(value))
        noun = singular if count == 1 else (plural or singular + "s")
        return f"{count:,} {noun}"


_WORDS = _Words()


SIGNALS: dict[str, Signal] = {}


def register(signal: Signal) -> Signal:
    """Add ``signal`` to :data:`SIGNALS` (each signal module calls this once)."""
    SIGNALS[signal.name] = signal
    return signal


def sql_text(text: str) -> str:
    """``text`` as a SQL string literal (for settings such as regular expressions).

    >>> print(sql_text("didn't"))
    'didn''t'
    """
    return "'" + text.replace("'", "''") + "'"


def query(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """Run a signal query; member_key comes back as int64 and value as float64."""
    frame = con.execute(sql).df()
    if "member_key" in frame:
        frame["member_key"] = frame["member_key"].astype("int64")
    if "value" in frame:
        frame["value"] = frame["value"].astype("float64")
    return frame


def by_member_id(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, column: str = "value"
) -> dict[str, float]:
    """``column`` of a signal frame as {member_id: value}, sorted, rounded to 3 digits.

    Members without a row are left out; for doctests and hand-computed tests.
    """
    ids = con.execute("SELECT member_key, member_id FROM members").df()
    merged = frame.merge(ids, on="member_key").sort_values("member_id")
    return {m: round(float(v), 3) for m, v in zip(merged["member_id"], merged[column], strict=True)}


def distinct_partners(
    con: duckdb.DuckDBPyConnection,
    ctx: SignalContext,
    kinds: tuple[str, ...],
    credit: str,
    count_name: str,
) -> pd.DataFrame:
    r"""How many distinct other members took part with each member in ``kinds`` of interaction.

    ``credit="target"`` credits who was acted upon (distinct actors: peers who mention them);
    ``credit="actor"`` credits who acted (distinct targets: members they followed). Each
    partner counts once, at the recency weight of their latest interaction:

    .. math:: D_m = \sum_{p \in P_m} \max_{i: p \leftrightarrow m} w(t_i)

    Both sides must be human; self-interactions do not count. Columns: member_key, value,
    and ``count_name`` (the unweighted number of partners).
    """
    other = "actor" if credit == "target" else "target"
    kind_list = ", ".join(f"'{k}'" for k in kinds)
    return query(
        con,
        f"""
        SELECT member_key, {ctx.each("value", lambda r: f"sum({r.col('w')})")},
               count(*) AS {count_name} FROM (
            SELECT i.{credit}_key AS member_key, i.{other}_key,
                   {ctx.each("w", lambda r: f"max({r.weight('i.created_at')})")}
            FROM interactions i
            WHERE {ctx.scope("i")} AND i.kind IN ({kind_list}) AND {ctx.when("i.created_at")}
              AND i.actor_key IS DISTINCT FROM i.target_key AND {ctx.humans(f"i.{other}_key")}
            GROUP BY 1, 2)
        WHERE {ctx.humans("member_key")}
        GROUP BY 1
        """,
    )
