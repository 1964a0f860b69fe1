"""Pabulib `.pb` files: one fund's vote as META, PROJECTS and VOTES sections of semicolon-separated values.

`write_pb` exports an `Election` with its META (the format's obligatory keys are required, `num_projects`,
`num_votes`, `budget` and `vote_type` are filled in); `read_pb` imports an approval (or choose-1) file into an
`Election`, keeping every META key and every extra column. Money in a file is in the currency's main unit
(hryvnias, zlotys), with at most two decimals; in an `Election` it is in kopiyky (the minor unit)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .model import Ballot, Election, Outcome, Project, TallyError

REQUIRED_META = ("description", "country", "unit", "instance", "num_projects", "num_votes", "budget",
                 "vote_type", "rule", "date_begin", "date_end")
COMPUTED_META = ("num_projects", "num_votes", "budget", "vote_type")
SECTIONS = ("meta", "projects", "votes")


@dataclass(frozen=True)
class PbFile:
    """An imported file: the election, the META as read, and per project code the columns beyond the ones the
    election holds (votes, selected, district ...); per ballot the voter columns (age, sex ...)."""

    election: Election
    meta: dict[str, str]
    project_columns: dict[str, dict[str, str]] = field(default_factory=dict)
    voter_columns: list[dict[str, str]] = field(default_factory=list)


def money(kopiyky: int) -> str:
    """Kopiyky as the file writes money: whole hryvnias without decimals, else two decimals."""
    whole, part = divmod(kopiyky, 100)
    return str(whole) if part == 0 else f"{whole}.{part:02d}"


def parse_money(text: str, where: str) -> int:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise TallyError(where, f"{text!r} is not an amount of money") from None
    kopiyky = value * 100
    if not value.is_finite() or kopiyky != kopiyky.to_integral_value() or value < 0:
        raise TallyError(where, f"{text!r} is not an amount with at most two decimals")
    return int(kopiyky)


def write_pb(election: Election, meta: Mapping[str, str], outcome: Outcome | None = None) -> str:
    """The `.pb` text of one fund. `meta` gives at least description, country, unit, instance, rule,
    date_begin and date_end; voters are numbered 1..n in ballot order unless a ballot carries its own
    (anonymous) id. With an `outcome`, PROJECTS has the `selected` column."""
    missing = [key for key in REQUIRED_META if key not in COMPUTED_META and not str(meta.get(key, "")).strip()]
    if missing:
        raise TallyError("meta", f"missing required key {missing[0]}")
    votes = election.votes()
    head = dict(meta)
    head.update(num_projects=str(len(election.projects)), num_votes=str(len(election.ballots)),
                budget=money(election.budget), vote_type="approval")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key in REQUIRED_META:
        writer.writerow([key, head.pop(key)])
    for key, value in head.items():
        writer.writerow([key, value])
    writer.writerow(["PROJECTS"])
    columns = ["project_id", "cost", "votes", "name", "category"] + (["selected"] if outcome else [])
    writer.writerow(columns)
    code = {p.number: p.code for p in election.projects}
    for p in election.projects:
        row = [p.code, money(p.cost), str(votes[p.number]), p.name, p.category]
        writer.writerow(row + ([str(int(p.number in outcome.winners))] if outcome else []))
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote"])
    for index, ballot in enumerate(election.ballots, start=1):
        writer.writerow([ballot.voter or str(index), ",".join(code[n] for n in sorted(ballot.approvals))])
    return out.getvalue()


def _sections(text: str) -> dict[str, list[list[str]]]:
    found: dict[str, list[list[str]]] = {}
    current = None
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        if not row or not any(cell.strip() for cell in row):
            continue
        name = row[0].strip().lower()
        if len(row) == 1 and name in SECTIONS:
            if name in found:
                raise TallyError(name, f"the {name.upper()} section appears twice")
            current = found[name] = []
        elif current is None:
            raise TallyError("meta", "the file does not start with the META section")
        else:
            current.append([cell.strip() for cell in row])
    for name in SECTIONS:
        if not found.get(name):
            raise TallyError(name, f"the {name.upper()} section is missing or has no header")
    return found


def read_pb(text: str) -> PbFile:
    """Import an approval `.pb` file. Project numbers are the ids when every id is a whole number, else 1..n in
    file order (the id stays as the project's `code`). Errors name the section and the reason."""
    sections = _sections(text)
    meta = {row[0]: (row[1] if len(row) > 1 else "") for row in sections["meta"][1:]}
    missing = [key for key in ("budget", "vote_type") if key not in meta]
    if missing:
        raise TallyError("meta", f"missing required key {missing[0]}")
    if meta["vote_type"] not in ("approval", "choose-1"):
        raise TallyError("vote_type", f"only approval ballots are read, not {meta['vote_type']!r}")
    header, *rows = sections["projects"]
    if header[:2] != ["project_id", "cost"]:
        raise TallyError("projects", "the header must start with project_id;cost")
    records = [dict(zip(header, row, strict=False)) for row in rows]
    codes = [r["project_id"] for r in records]
    if len(set(codes)) != len(codes):
        raise TallyError("projects", "two projects share an id")
    numeric = all(c.isdigit() for c in codes)
    projects, extra = [], {}
    for index, record in enumerate(records, start=1):
        code = record["project_id"]
        projects.append(Project(
            number=int(code) if numeric else index, cost=parse_money(record.get("cost", ""), f"cost of {code}"),
            name=record.get("name", ""), category=record.get("category", ""), code=code))
        extra[code] = {k: v for k, v in record.items() if k not in ("project_id", "cost", "name", "category")}
    number = {p.code: p.number for p in projects}
    header, *rows = sections["votes"]
    if "vote" not in header:
        raise TallyError("votes", "the header has no vote column")
    ballots, voters = [], []
    for line, row in enumerate(rows, start=1):
        record = dict(zip(header, row, strict=False))
        ids = [c.strip() for c in record.get("vote", "").split(",") if c.strip()]
        unknown = [c for c in ids if c not in number]
        if unknown:
            raise TallyError("votes", f"vote {line} names unknown project {unknown[0]}")
        ballots.append(Ballot.of((number[c] for c in ids), record.get("voter_id", "")))
        voters.append({k: v for k, v in record.items() if k not in ("voter_id", "vote")})
    election = Election(parse_money(meta["budget"], "budget"), tuple(projects), tuple(ballots))
    return PbFile(election, meta, extra, voters)
