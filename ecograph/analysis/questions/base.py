"""The parts of a question: what it reads, what it answers, its database twin, how it is written.

A :class:`Question` is the one place a section of the report is defined: its name, the model's
words it answers, the Python that computes its typed result, the JSON and text that show the
result, and optionally its twin answered in the database (:class:`DatabaseTwin`: the query files
of the top-level ``queries/`` and their pure-Python twins). Every list of sections (``analyze``,
``--only``, ``query``, the database report, the CLI help, the docs table, the parity tests) is
read from the registry (:mod:`ecograph.analysis.questions`), the way networkx dispatches one
function name to several backends.

This module imports no heavy library: the CLI reads the registry to write its help.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import networkx as nx

    from ecograph.analysis.factions import Factions
    from ecograph.analysis.features import CaseFeatures
    from ecograph.analysis.likelihood import Assessment, Reason
    from ecograph.analysis.params import Params
    from ecograph.graph import EcoGraph

__all__ = [
    "ROWS",
    "DatabaseTwin",
    "DatabaseView",
    "Inputs",
    "Query",
    "Question",
    "Row",
    "TextView",
    "json_of",
    "plural",
]

R = TypeVar("R")
Row = dict[str, Any]

#: Rows shown per list in the text report (``--all`` or ``--json`` give everything).
ROWS = 10


class Inputs:
    """What the questions read, each computed once, when a question first asks for it.

    Parameters
    ----------
    params : Params
    graph : EcoGraph, optional
        The case (None for a plain signed edge list: only structural questions can be asked).
    signed : networkx.Graph, optional
        The signed ties of a plain signed edge list (a case's come from its features).
    as_of : date, optional
    """

    def __init__(
        self,
        params: Params,
        *,
        graph: EcoGraph | None = None,
        signed: nx.Graph | None = None,
        as_of: dt.date | None = None,
    ) -> None:
        self.params = params
        self.graph = graph
        self.as_of = as_of
        self._signed = signed
        self._cache: dict[str, Any] = {}

    def _once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def case(self) -> EcoGraph:
        """The case; a question that needs one is never asked of a signed edge list."""
        if self.graph is None:
            raise TypeError("this question needs a case file, not a signed edge list")
        return self.graph

    @property
    def features(self) -> CaseFeatures:
        """The case's features on ``as_of`` (:func:`~ecograph.analysis.features.case_features`)."""
        from ecograph.analysis.features import case_features

        f: CaseFeatures = self._once(
            "features", lambda: case_features(self.case, params=self.params, as_of=self.as_of)
        )
        return f

    @property
    def assessment(self) -> Assessment:
        """Every pair's likelihoods and the tactics (:func:`~ecograph.analysis.likelihood.assess_features`)."""  # noqa: E501
        from ecograph.analysis.likelihood import assess_features

        a: Assessment = self._once("assessment", lambda: assess_features(self.features))
        return a

    @property
    def signed(self) -> nx.Graph:
        """The signed ties: the case's signed view, or the signed edge list given."""
        if self._signed is not None:
            return self._signed
        g: nx.Graph = self.features.signed
        return g

    @property
    def members(self) -> dict[str, list[str]] | None:
        """Actor -> the groups it belongs to, when membership counts as a tie (else None)."""
        if self.graph is None or not self.params.factions.membership_ties:
            return None
        return {a: list(act.member_of) for a, act in self.features.actors.items()}

    @property
    def structural(self) -> nx.Graph:
        """The undirected signed graph of factions, brokers and balance (membership ties included)."""  # noqa: E501
        from ecograph.analysis.structural import structural_graph

        g: nx.Graph = self._once("structural", lambda: structural_graph(self.signed, self.members))
        return g

    @property
    def ties_only(self) -> nx.Graph:
        """The undirected signed graph of the relationships only (no membership ties)."""
        from ecograph.analysis.structural import structural_graph

        g: nx.Graph = self._once("ties_only", lambda: structural_graph(self.signed))
        return g

    @property
    def factions(self) -> Factions:
        """The factions of :attr:`structural` with ``params.factions``."""
        from ecograph.analysis.structural import factions_of

        f: Factions = self._once("factions", lambda: factions_of(self.structural, self.params))
        return f


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@dataclass(frozen=True)
class TextView:
    """How to write a section as text: names for ids, the words of scores, how much to list.

    Attributes
    ----------
    n : callable
        Id -> display name (escaped for the console markup).
    params : Params
        For the words of scores.
    say : callable
        Prints one line (console markup).
    show_all : bool
        List every row (``--all``) instead of the first :data:`ROWS`.
    """

    n: Callable[[Any], str]
    params: Params
    say: Callable[[str], None]
    show_all: bool = False

    @property
    def rows(self) -> int | None:
        """How many rows of a list to show (None: all)."""
        return None if self.show_all else ROWS

    def head(self, items: Sequence[Any]) -> list[Any]:
        """Return the rows of ``items`` to show."""
        return list(items) if self.rows is None else list(items[: self.rows])

    def more(self, total: int) -> None:
        """Say how many rows were left out of a list, and how to see them."""
        if not self.show_all and total > ROWS:
            self.say(f"  ... {total - ROWS} more (use --all or --json)")

    @staticmethod
    def esc(text: str) -> str:
        """Return free text (a note, a condition) safe to print as console markup."""
        return _escape(text)

    def score(self, x: float) -> str:
        """Return a score in words with the number beside: ``likely (0.79)``."""
        from ecograph.analysis.likelihood import likelihood_word

        return f"{likelihood_word(x, self.params.thresholds)} ({x:.2f})"

    def scores(self, lk: Mapping[str, float]) -> str:
        """Return the three scores of a pair in words."""
        from ecograph.analysis.likelihood import KINDS

        return ", ".join(f"{k} {self.score(lk[k])}" for k in KINDS)

    def reason(self, r: Reason, toward: str | None = None) -> str:
        """One reason: the rule's name, what it adds and to which type, what it saw, the model."""
        from ecograph.analysis.likelihood import KINDS

        kind = toward or max(KINDS, key=lambda k: r.effect[k])
        size = r.effect[kind]
        what = f"adds {size:.2f} toward {kind}" if size > 0.005 else "no net effect"
        return (
            f'{r.title} ({what}): {_escape(r.says)} [dim]-- the model: "{_escape(r.quote)}"[/dim]'
        )


@dataclass(frozen=True)
class DatabaseView(TextView):
    """A :class:`TextView` of database rows, with what the store looked up beside them.

    Attributes
    ----------
    powers : dict
        Actor id -> its power, for the actors the rows name.
    ends : dict
        Relationship id -> (source, target), for the relationships the brokers bridge.
    """

    powers: Mapping[str, float] = field(default_factory=dict)
    ends: Mapping[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Query:
    """One database question: ``queries/NAME.cypher`` and its pure-Python twin.

    Attributes
    ----------
    name : str
        The file name without ``.cypher``.
    twin : callable
        EcoGraph -> the same rows as the query, on the latest state of each relationship.
    actors : tuple of str
        The columns that hold an actor id or a list of them (their names are looked up for the
        report).
    relationships : tuple of str
        The columns that hold a list of relationship ids (their ends are looked up).
    """

    name: str
    twin: Callable[[EcoGraph], list[Row]]
    actors: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatabaseTwin:
    """A question answered inside the database, close to its Python section.

    Attributes
    ----------
    asks : str
        The heading of the database report: the question the queries answer (``{gap}``
        stands for ``thresholds.power_gap``).
    queries : tuple of Query
    render_text : callable
        (each query's rows in the order of ``queries``, view) -> prints the rows.
    """

    asks: str
    queries: tuple[Query, ...]
    render_text: Callable[[Sequence[list[Row]], DatabaseView], None]


def plural(k: int, word: str) -> str:
    """Return ``k word`` or ``k words``.

    Examples
    --------
    >>> plural(1, "tie"), plural(2, "tie")
    ('1 tie', '2 ties')
    """
    return f"{k} {word}" + ("" if k == 1 else "s")


def json_of(value: Any) -> Any:
    """Return a typed result as JSON-ready data (``to_json``, item by item for a list)."""
    if isinstance(value, list):
        return [v.to_json() if hasattr(v, "to_json") else v for v in value]
    if hasattr(value, "to_json"):
        return value.to_json()
    return value


@dataclass(frozen=True)
class Question(Generic[R]):
    """One section of the report, defined once.

    Attributes
    ----------
    name : str
        The section's name (``--only``, the JSON key).
    title : str
        Its heading in the text report.
    asks : str
        The question in a user's words (the CLI help, the docs table).
    words : str
        The model's words it answers (a rule's quote when ``rule`` is given).
    compute : callable
        Inputs -> the typed result.
    render_text : callable
        (result, view) -> prints the section.
    to_json : callable
        Result -> JSON-ready data (default :func:`json_of`).
    rule : str, optional
        The id of the rule whose quote the question answers (``words`` then comes from it).
    structural : bool
        It reads only signed ties, so a plain signed edge list can be asked it.
    on_request : bool
        Left out of the default text report (``--only`` or ``--json`` gives it).
    scored : bool
        It shows likelihood scores (the report then says what a score is).
    database : DatabaseTwin, optional
        Its twin answered in the database.
    """

    name: str
    title: str
    asks: str
    compute: Callable[[Inputs], R]
    render_text: Callable[[R, TextView], None]
    words: str = ""
    to_json: Callable[[R], Any] = json_of
    rule: str | None = None
    structural: bool = False
    on_request: bool = False
    scored: bool = False
    database: DatabaseTwin | None = None

    @property
    def model_words(self) -> str:
        """The model's words it answers: the rule's quote, or :attr:`words`."""
        if self.rule is not None:
            from ecograph.analysis.likelihood import RULES

            return RULES[self.rule]
        return self.words
