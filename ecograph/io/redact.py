"""Redaction: a copy of a case fit for teaching or a bug report, with the structure unchanged.

* Names and ids become **keyed pseudonyms**: HMAC-SHA256 of the original under a secret key,
  written in base 32. The same key gives the same pseudonym for the same person in every file;
  without the key a pseudonym reveals nothing about the name (HMAC is a pseudorandom function:
  one cannot test a guessed name against a pseudonym without the key).
* Ids are pseudonymised too, since they are often names (``roberta``); every reference (ends of
  relationships, groups, stances, parties, perceptions) follows its actor.
* Names become readable labels made from what the redacted copy shows anyway -- the actor's
  kind, its own roles (systems) and its groups -- never from the name: ``Social worker``,
  ``Client family``, ``Family member 2``. Actors that share a label are numbered in the order
  of their keyed pseudonyms, so the numbers follow neither the file nor the names.
* Free text is removed: notes, terms, what parties give and get, the case's description and
  author; goal descriptions and the title are replaced by neutral labels.
* Free attributes are dropped, keys and values, numbers included (a phone number or a date of
  birth is a number). Only those named in ``keep_attributes`` stay, with their values made
  safe: yes/no as is, a number becomes the band of its first significant digit (34 becomes
  ``30..40``), text a keyed pseudonym. The analysis reads no free attribute (what it reads,
  such as ``expects_moderate_demands``, is a field of the actor and is kept).
* Dates may be shifted by a constant number of days (intervals, and so trends, are kept): the
  case's, the observations', the agreements' and the day each actor joined; every shifted date
  must stay within the supported dates.

Everything the analysis reads is kept: roles, kinds, power, voluntariness, whether a target
expects moderate demands, membership,
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
('a-yolgwhaasb', 'Person', None)
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
import math
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

from ecograph.errors import InputError
from ecograph.model import Actor, ActorKind, Case, Role
from ecograph.model.base import MAX_DATE, MIN_DATE, AttrValue

#: The largest shift of dates, in days (the width of the supported range).
MAX_SHIFT_DAYS = (MAX_DATE - MIN_DATE).days

__all__ = [
    "Pseudonymizer",
    "redact_case",
    "redact_scenario_data",
    "load_key",
    "check_key",
    "role_label",
    "role_names",
    "bucket",
    "check_shift",
    "shift_date",
    "MIN_KEY_BYTES",
    "MAX_SHIFT_DAYS",
]

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


#: The word for each role, in order of precedence (the first of an actor's own roles names it).
_ROLE_WORDS = {
    Role.CHANGE_AGENT: "change-agent",
    Role.CLIENT: "client",
    Role.TARGET: "target",
    Role.ACTION: "action-system",
}
#: How an individual is called by its first role.
_PERSON_WORDS = {
    Role.CHANGE_AGENT: "social worker",
    Role.CLIENT: "client",
    Role.TARGET: "target person",
    Role.ACTION: "action-system member",
}


def role_label(actor: Actor, kinds: dict[str, ActorKind]) -> str:
    """Return the readable label of an actor, made from its kind, own roles and groups only.

    Parameters
    ----------
    actor : Actor
        The actor (its name is not read).
    kinds : dict
        The kind of every actor of the case, by id (to name an individual's group).

    Examples
    --------
    >>> from ecograph.model import Actor
    >>> role_label(Actor(id="x", name="Jo", roles=["change_agent"]), {})
    'Social worker'
    >>> role_label(Actor(id="f", name="The Joneses", kind="family", roles=["client"]), {})
    'Client family'
    >>> role_label(Actor(id="m", name="Roberta", member_of=["f"]), {"f": ActorKind.FAMILY})
    'Family member'
    """
    role = next((r for r in _ROLE_WORDS if r in actor.roles), None)
    if actor.kind == ActorKind.INDIVIDUAL:
        if role is not None:
            text = _PERSON_WORDS[role]
        elif actor.member_of:
            group = kinds.get(actor.member_of[0], ActorKind.GROUP)
            text = "member" if group == ActorKind.INDIVIDUAL else f"{group.value} member"
        else:
            text = "person"
    else:
        text = actor.kind.value if role is None else f"{_ROLE_WORDS[role]} {actor.kind.value}"
    return text[:1].upper() + text[1:]


def role_names(case: Case, key: bytes) -> dict[str, str]:
    """Return the redacted name of every actor, by original id.

    The label comes from :func:`role_label`; actors that share a label are numbered 1, 2, ...
    in the order of their keyed pseudonyms (so the numbers depend on the key and the case's
    structure, not on the file's order or on the names).

    Examples
    --------
    >>> from ecograph.model import Actor, Case
    >>> case = Case(id="c", title="t", actors=[
    ...     Actor(id="sue", name="Susan", roles=["change_agent"]),
    ...     Actor(id="a", name="Ann", roles=["client"]),
    ...     Actor(id="b", name="Bob", roles=["client"])])
    >>> sorted(role_names(case, b"k" * 16).values())
    ['Client 1', 'Client 2', 'Social worker']
    """
    p = Pseudonymizer(key)
    kinds = {a.id: a.kind for a in case.actors}
    by_label: dict[str, list[str]] = {}
    for a in case.actors:
        by_label.setdefault(role_label(a, kinds), []).append(a.id)
    out: dict[str, str] = {}
    for label, ids in by_label.items():
        if len(ids) == 1:
            out[ids[0]] = label
            continue
        for n, aid in enumerate(sorted(ids, key=lambda i: p.code("label", i, 16)), start=1):
            out[aid] = f"{label} {n}"
    return out


def bucket(value: float) -> str:
    """Return the band of a number's first significant digit, e.g. ``30..40`` for 34.

    Examples
    --------
    >>> bucket(34), bucket(0.37), bucket(0.7), bucket(9434765919), bucket(-5), bucket(0)
    ('30..40', '0.3..0.4', '0.7..0.8', '9e+09..1e+10', '-5..-4', '0')
    """
    if value == 0:
        return "0"
    # in decimal, from the number's shortest text: 0.7 / 0.1 is 6.999... in binary floats,
    # which would put 0.7 in the band 0.6..0.7
    exact = Decimal(repr(float(value)))
    step = Decimal(1).scaleb(exact.adjusted())
    low = (exact / step).to_integral_value(rounding=ROUND_FLOOR) * step
    return f"{_shown(low)}..{_shown(low + step)}"


def _shown(x: Decimal) -> str:
    as_float = float(x)
    return f"{as_float:g}" if math.isfinite(as_float) else f"{x:g}"


def _kept(value: AttrValue, p: Pseudonymizer) -> AttrValue:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bucket(value)
    return p.code("attr", str(value), 8)


def check_shift(shift_days: int) -> None:
    """Refuse a shift of dates wider than the supported range (:data:`MAX_SHIFT_DAYS`)."""
    if abs(shift_days) > MAX_SHIFT_DAYS:
        raise InputError(
            f"a shift of {shift_days} days leaves the supported dates",
            field="--shift-days",
            expected=f"at most {MAX_SHIFT_DAYS} days either way "
            f"(dates are {MIN_DATE.isoformat()}..{MAX_DATE.isoformat()})",
        )


def shift_date(d: dt.date, shift_days: int) -> dt.date:
    """Return ``d`` moved by ``shift_days``; an InputError if it leaves the supported dates."""
    check_shift(shift_days)
    moved = d + dt.timedelta(days=shift_days)  # |shift| < 110,000 days: no overflow
    if not MIN_DATE <= moved <= MAX_DATE:
        raise InputError(
            f"shifting a date by {shift_days} days gives {moved.isoformat()}, outside the "
            "supported dates",
            field="--shift-days",
            expected=f"dates that stay within {MIN_DATE.isoformat()}..{MAX_DATE.isoformat()}",
        )
    return moved


def redact_case(
    case: Case, *, key: bytes, shift_days: int = 0, keep_attributes: Iterable[str] = ()
) -> Case:
    """Return a redacted copy of ``case`` (see the module notes for what changes).

    Parameters
    ----------
    case : Case
        The case to redact (left unchanged).
    key : bytes
        The secret key of the pseudonyms.
    shift_days : int
        Days added to every date (negative to move back).
    keep_attributes : iterable of str
        The free attributes to keep (values made safe, see the module notes); every other
        one is dropped.

    Returns
    -------
    Case
        The redacted case; ids, names and free text replaced, structure unchanged.
    """
    p = Pseudonymizer(key)
    check_shift(shift_days)
    keep = set(keep_attributes)

    def day(d: dt.date | None) -> dt.date | None:
        return None if d is None else shift_date(d, shift_days)

    aid = p.actor_id
    names = role_names(case, key)
    actors = []
    for a in case.actors:
        attrs: dict[str, AttrValue] = {k: _kept(v, p) for k, v in a.attributes.items() if k in keep}
        actors.append(
            a.model_copy(
                update={
                    "id": aid(a.id),
                    "name": names[a.id],
                    "member_of": [aid(g) for g in a.member_of],
                    "joined": day(a.joined),
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
    check_shift(shift_days)

    def date(value: Any) -> Any:
        if value is None or shift_days == 0:
            return value
        d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return shift_date(d, shift_days).isoformat()

    def spec(body: dict[str, Any]) -> dict[str, Any]:
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
                {kind: spec(body) for kind, body in item.items()}
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
    return check_key(key, where), True


def check_key(key: bytes, where: str, field: str | None = None) -> bytes:
    """Return ``key`` if it is long enough to keep pseudonyms unguessable.

    Parameters
    ----------
    key : bytes
        The key.
    where : str
        Where it came from, in words (the message names it; the key itself never appears).
    field : str, optional
        The option or form field that gave it.

    Raises
    ------
    InputError
        If it is shorter than :data:`MIN_KEY_BYTES`.
    """
    if len(key) < MIN_KEY_BYTES:
        raise InputError(
            f"the key in {where} is too short ({len(key)} bytes)",
            field=field,
            expected=f"at least {MIN_KEY_BYTES} bytes, e.g. from: "
            "python -c 'import secrets; print(secrets.token_hex(32))'",
        )
    return key
