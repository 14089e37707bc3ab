"""Redaction: a copy of a case fit for teaching or a bug report, with the structure unchanged.

* Names and ids become **keyed pseudonyms**: HMAC-SHA256 of the original under a secret key,
  written in base 32. The same key gives the same pseudonym for the same person in every file;
  without the key a pseudonym reveals nothing about the name (HMAC is a pseudorandom function:
  one cannot test a guessed name against a pseudonym without the key).
* Ids are pseudonymised too, since they are often names (``roberta``); every reference (ends of
  relationships, groups, stances, parties, perceptions) follows its actor.
* Free text is removed: notes, terms, what parties give and get, the case's description and
  author; goal descriptions and the title are replaced by neutral labels; free attributes
  keep numbers and yes/no values, text values become pseudonyms.
* Dates may be shifted by a constant number of days (intervals, and so trends, are kept).

Everything the analysis reads is kept: roles, kinds, power, voluntariness, membership,
relationship types, mixes, strengths, bases, mandates, the order and spacing of observations,
stances and their weights, agreement bases and statuses.

Examples
--------
>>> from ecograph.model import Actor, Case
>>> case = Case(id="c", title="Roberta", actors=[Actor(id="roberta", name="Roberta Jones",
...             notes="lives at 3 Elm Street")])
>>> out = redact_case(case, key=b"a secret key")
>>> a = out.actors[0]
>>> a.id, a.name, a.notes
('a-yolgwhaasb', 'Individual NWNHE5ZU', None)
>>> redact_case(case, key=b"a secret key").actors[0].id == a.id
True
>>> redact_case(case, key=b"another key").actors[0].id == a.id
False
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecograph.errors import InputError
from ecograph.model import Case

__all__ = ["Pseudonymizer", "redact_case", "redact_scenario_data", "load_key", "MIN_KEY_BYTES"]

#: Shortest key accepted (bytes). 16 random bytes make guessing the key hopeless.
MIN_KEY_BYTES = 16


@dataclass
class Pseudonymizer:
    """Keyed, stable pseudonyms (HMAC-SHA256), with a record of what was renamed.

    Parameters
    ----------
    key : bytes
        The secret key. Never printed or stored in the output.
    """

    key: bytes = field(repr=False)
    ids: dict[str, str] = field(default_factory=dict, repr=False)

    def code(self, kind: str, value: str, length: int = 10) -> str:
        """Return ``length`` base-32 characters of HMAC-SHA256(key, kind + value)."""
        digest = hmac.new(self.key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()
        return base64.b32encode(digest).decode("ascii")[:length]

    def actor_id(self, value: str) -> str:
        """Return the pseudonym of an actor id (the same wherever it is referenced)."""
        if value not in self.ids:
            pseudo = "a-" + self.code("actor", value).lower()
            if pseudo in self.ids.values():  # 50 bits: never in practice, but never silent
                raise InputError("two ids got the same pseudonym; use another key")
            self.ids[value] = pseudo
        return self.ids[value]

    def other_id(self, kind: str, value: str) -> str:
        """Return the pseudonym of a goal, relationship, agreement or case id."""
        return f"{kind[0]}-" + self.code(kind, value).lower()

    def name(self, kind: str, value: str) -> str:
        """Return a readable pseudonym for a name, e.g. ``Family 7KQ2MX4D``."""
        return f"{kind.capitalize()} {self.code('name', value, 8)}"


def redact_case(case: Case, *, key: bytes, shift_days: int = 0) -> Case:
    """Return a redacted copy of ``case`` (see the module notes for what changes).

    Parameters
    ----------
    case : Case
        The case to redact (left unchanged).
    key : bytes
        The secret key of the pseudonyms.
    shift_days : int
        Days added to every date (negative to move back).

    Returns
    -------
    Case
        The redacted case; ids, names and free text replaced, structure unchanged.
    """
    p = Pseudonymizer(key)
    shift = dt.timedelta(days=shift_days)

    def day(d: dt.date | None) -> dt.date | None:
        if d is None:
            return None
        try:
            return d + shift
        except OverflowError:
            raise InputError(
                f"shifting {d.isoformat()} by {shift_days} days leaves the calendar",
                field="--shift-days",
                expected="a smaller shift",
            ) from None

    aid = p.actor_id
    actors = []
    for a in case.actors:
        attrs: dict[str, Any] = {
            k: v if v is None or isinstance(v, bool | int | float) else p.code("attr", str(v), 8)
            for k, v in a.attributes.items()
        }
        actors.append(
            a.model_copy(
                update={
                    "id": aid(a.id),
                    "name": p.name(a.kind.value, a.name),
                    "member_of": [aid(g) for g in a.member_of],
                    "attributes": attrs,
                    "notes": None,
                }
            )
        )
    goals = [
        g.model_copy(
            update={
                "id": p.other_id("goal", g.id),
                "description": "Goal " + p.code("goal-text", g.description, 8),
                "stances": [s.model_copy(update={"actor": aid(s.actor)}) for s in g.stances],
            }
        )
        for g in case.goals
    ]
    rels = []
    for r in case.relationships:
        history = [
            o.model_copy(
                update={
                    "date": day(o.date),
                    "note": None,
                    "recorded_by": None if o.recorded_by is None else aid(o.recorded_by),
                    "perceived_by": None if o.perceived_by is None else aid(o.perceived_by),
                }
            )
            for o in r.history
        ]
        rels.append(
            r.model_copy(
                update={
                    "id": None if r.id is None else p.other_id("relationship", r.id),
                    "source": aid(r.source),
                    "target": aid(r.target),
                    "terms": None,
                    "notes": None,
                    "mandated": [aid(x) for x in r.mandated],
                    "perceptions": [x.model_copy(update={"by": aid(x.by)}) for x in r.perceptions],
                    "history": history,
                }
            )
        )
    agreements = [
        ag.model_copy(
            update={
                "id": p.other_id("agreement", ag.id),
                "parties": [
                    x.model_copy(update={"actor": aid(x.actor), "gives": None, "gets": None})
                    for x in ag.parties
                ],
                "terms": None,
                "start": day(ag.start),
                "end": day(ag.end),
                "convener": None if ag.convener is None else aid(ag.convener),
            }
        )
        for ag in case.agreements
    ]
    data = {
        "id": p.other_id("case", case.id),
        "title": "Case " + p.code("title", case.title, 8),
        "description": None,
        "author": None,
        "start": day(case.start),
        "end": day(case.end),
        "actors": actors,
        "goals": goals,
        "relationships": rels,
        "agreements": agreements,
    }
    # Validate the whole copy again: the model must still hold (it always should).
    return Case.model_validate({k: _dump(v) for k, v in data.items()})


#: Scenario fields that hold one actor id, or a list of them.
_SCENARIO_ACTOR = {"client", "advocate", "family", "coordinator", "giver", "receiver", "actor"}
_SCENARIO_ACTORS = {"toward", "members", "agencies", "parties", "between"}
_SCENARIO_DATES = {"date", "start", "end", "as_of"}


def redact_scenario_data(
    data: dict[str, Any], *, key: bytes, shift_days: int = 0
) -> dict[str, Any]:
    """Return a redacted copy of scenario-file data (as loaded from YAML or JSON).

    With the same key as the case, every actor, goal and agreement id gets the pseudonym it
    has in the redacted case, and ``case:`` names the redacted case, so the redacted scenario
    still applies to the redacted map. Titles become neutral labels; descriptions and terms
    are removed; a new advocate's name becomes a pseudonym; dates shift with ``shift_days``.

    Parameters
    ----------
    data : dict
        The scenario file's data (checked by :func:`ecograph.io.scenario.loads_scenario`).
    key : bytes
        The secret key (the one used for the case).
    shift_days : int
        Days added to every date.

    Returns
    -------
    dict
        The redacted data, ready to be written as a scenario file.
    """
    p = Pseudonymizer(key)

    def date(value: Any) -> Any:
        if value is None or shift_days == 0:
            return value
        d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return (d + dt.timedelta(days=shift_days)).isoformat()

    def spec(kind: str, body: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in body.items():
            if v is None:
                continue
            if k in _SCENARIO_ACTOR:
                out[k] = p.actor_id(str(v))
            elif k in _SCENARIO_ACTORS:
                out[k] = [p.actor_id(str(x)) for x in v]
            elif k in _SCENARIO_DATES:
                out[k] = date(v)
            elif k == "goal":
                out[k] = p.other_id("goal", str(v))
            elif k == "id":
                out[k] = p.other_id("agreement", str(v))
            elif k == "name":
                out[k] = p.name("individual", str(v))
            elif k in ("terms", "description", "notes"):
                continue
            else:
                out[k] = v
        return out

    out: dict[str, Any] = {}
    for k, v in data.items():
        if k == "id":
            out[k] = p.other_id("scenario", str(v))
        elif k == "title":
            out[k] = "Scenario " + p.code("scenario-title", str(v), 8)
        elif k == "case":
            out[k] = p.other_id("case", str(v))
        elif k in _SCENARIO_DATES:
            out[k] = date(v)
        elif k == "description":
            continue
        elif k == "interventions":
            out[k] = [
                {kind: spec(kind, body) for kind, body in item.items()}
                for item in v
                if isinstance(item, dict)
            ]
        else:
            out[k] = v
    return out


def _dump(value: Any) -> Any:
    if isinstance(value, list):
        return [_dump(x) for x in value]
    if hasattr(value, "model_dump"):
        return value.model_dump()
    return value


def load_key(
    *, env: str | None = None, file: str | os.PathLike[str] | None = None
) -> tuple[bytes, bool]:
    """Return the redaction key and whether it was given (False: a fresh random key).

    Parameters
    ----------
    env : str, optional
        The name of an environment variable holding the key.
    file : path-like, optional
        A file holding the key (its trailing newline is ignored).

    Raises
    ------
    InputError
        If both or a missing/short key are given. The key itself never appears in a message.
    """
    if env is not None and file is not None:
        raise InputError("give the key once", expected="either --key-env or --key-file")
    if env is not None:
        value = os.environ.get(env)
        if not value:
            raise InputError(
                f"the environment variable {env} is not set or empty",
                field="--key-env",
                expected=f"export {env}=<a secret of at least {MIN_KEY_BYTES} characters>",
            )
        key = value.encode("utf-8")
        where = f"the environment variable {env}"
    elif file is not None:
        try:
            key = Path(file).read_bytes().rstrip(b"\r\n")
        except OSError as exc:
            raise InputError(
                f"cannot read the key file: {exc.strerror}", source=os.fspath(file)
            ) from None
        where = f"the key file {os.fspath(file)}"
    else:
        return secrets.token_bytes(32), False
    if len(key) < MIN_KEY_BYTES:
        raise InputError(
            f"the key in {where} is too short ({len(key)} bytes)",
            expected=f"at least {MIN_KEY_BYTES} bytes, e.g. from: "
            "python -c 'import secrets; print(secrets.token_hex(32))'",
        )
    return key, True
