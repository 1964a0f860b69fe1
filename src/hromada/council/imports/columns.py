"""The columns of the national open-data structures for councils, with every alias real files use (misspelt,
snake_case, Ukrainian), the option words of roll-call lists and the result words of motions. One table: add an
alias here and every importer accepts it."""

from __future__ import annotations

import re

from ..models import VoteOption, VoteResult

# kind -> {our column: (aliases ...)}. A header matches when equal after normalising (see `normal`).
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "convocations": {
        "id": ("id", "uid", "convocationId"),
        "number": ("number", "num", "convocation", "convocationNumber", "номер"),
        "name": ("name", "title", "назва"),
        "startDate": ("startDate", "dateStart", "start", "beginDate"),
        "endDate": ("endDate", "dateEnd", "end", "finishDate"),
    },
    "deputies": {
        "id": ("id", "uid", "deputyId", "personId"),
        "votingIdentifier": ("votingIdentifier", "votingIdentificator", "votingIdentifer", "votingId",
                             "voting_identifier", "voterId"),
        "familyName": ("familyName", "familyname", "famillyName", "lastName", "surname", "прізвище"),
        "name": ("name", "givenName", "firstName", "ім'я", "імя"),
        "additionalName": ("additionalName", "aditionalName", "additionName", "middleName", "patronymic",
                           "по батькові"),
        "gender": ("gender", "sex", "стать"),
        "birthDate": ("birthDate", "birthdate", "dateOfBirth", "bithDate", "дата народження"),
        "party": ("party", "partyName", "politicalParty", "партія"),
        "faction": ("faction", "factionName", "fraction", "фракція"),
        "electoralDistrict": ("electoralDistrict", "district", "okrug", "electoralDistrictNumber", "округ"),
        "email": ("email", "e-mail", "mail"),
        "phone": ("phone", "telephone", "phoneNumber"),
        "url": ("url", "website", "webPage"),
        "startDate": ("startDate", "dateStart", "powersStartDate", "mandateStart"),
        "endDate": ("endDate", "dateEnd", "powersEndDate", "mandateEnd"),
        "convocation": ("convocation", "convocationNumber", "скликання"),
    },
    "sessions": {
        "id": ("id", "uid", "sessionId"),
        "convocation": ("convocation", "convocationNumber", "скликання"),
        "number": ("number", "num", "sessionNum", "sessionNumber"),
        "name": ("name", "title", "назва"),
        "startDate": ("startDate", "date", "dateStart", "sessionDate"),
        "endDate": ("endDate", "dateEnd"),
    },
    "motions": {
        "uid": ("uid", "id", "motionUid", "motionId", "votingId"),
        "date": ("date", "votingDate", "dateTime", "datetime"),
        "convocation": ("convocation", "convocationNumber", "скликання"),
        "session": ("session", "sessionNum", "sessionNumber"),
        "num": ("num", "number", "votingNum", "votingNumber", "orderNum"),
        "title": ("title", "name", "question", "motionTitle"),
        "projectNum": ("projectNum", "projectNumber", "projNum", "draftNumber", "draftNum"),
        "votingFor": ("votingFor", "votingfor", "for", "votedFor", "yes"),
        "votingAgainst": ("votingAgainst", "votingAgains", "against", "votedAgainst", "no"),
        "votingAbstain": ("votingAbstain", "votingAbstained", "abstain", "abstained"),
        "notVoting": ("notVoting", "notvoting", "votingNotVoting", "didNotVote", "notVoted"),
        "absent": ("absent", "absents", "absentee", "notPresent"),
        "votingResult": ("votingResult", "votingresult", "result", "resultVoting"),
        "textUrl": ("textUrl", "textURL", "textLink", "url"),
    },
    "votings": {
        "motionUid": ("motionUid", "motionUID", "motionId", "motion_uid", "uid", "votingUid"),
        "voterId": ("voterId", "voterID", "voter_id", "deputyId", "personId"),
        "voterName": ("voterName", "votername", "deputyName", "name"),
        "result": ("result", "vote", "votingResult", "option"),
    },
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "convocations": ("number", "startDate"),
    "deputies": ("id", "familyName", "name"),
    "sessions": ("convocation", "number", "startDate"),
    "motions": ("uid", "date", "num", "title", "votingResult"),
    "votings": ("motionUid", "voterId", "result"),
}

OPTION_WORDS: dict[str, str] = {
    "за": VoteOption.YES, "yes": VoteOption.YES, "for": VoteOption.YES, "aye": VoteOption.YES,
    "проти": VoteOption.NO, "no": VoteOption.NO, "against": VoteOption.NO, "nay": VoteOption.NO,
    "утримався": VoteOption.ABSTAIN, "утрималась": VoteOption.ABSTAIN, "утрималася": VoteOption.ABSTAIN,
    "утрималися": VoteOption.ABSTAIN, "abstain": VoteOption.ABSTAIN,
    "не голосував": VoteOption.NOT_VOTING, "не голосувала": VoteOption.NOT_VOTING,
    "не голосували": VoteOption.NOT_VOTING, "не голосувало": VoteOption.NOT_VOTING,
    "not voting": VoteOption.NOT_VOTING, "not_voting": VoteOption.NOT_VOTING,
    "відсутній": VoteOption.ABSENT, "відсутня": VoteOption.ABSENT, "відсутні": VoteOption.ABSENT,
    "absent": VoteOption.ABSENT,
    "paired": VoteOption.PAIRED, "у парі": VoteOption.PAIRED,
}

RESULT_WORDS: dict[str, str] = {
    "прийнято": VoteResult.PASS, "рішення прийнято": VoteResult.PASS, "прийняте": VoteResult.PASS,
    "pass": VoteResult.PASS, "passed": VoteResult.PASS, "adopted": VoteResult.PASS,
    "не прийнято": VoteResult.FAIL, "рішення не прийнято": VoteResult.FAIL, "відхилено": VoteResult.FAIL,
    "fail": VoteResult.FAIL, "failed": VoteResult.FAIL, "rejected": VoteResult.FAIL,
}

_NOT_WORD = re.compile(r"[\s_\-.’ʼ'`]+")


def normal(header: str) -> str:
    """A header as we compare it: no BOM, case, spaces, underscores, hyphens or apostrophes."""
    return _NOT_WORD.sub("", (header or "").replace("\ufeff", "").strip().lower())


def word(value: str) -> str:
    """An option or result word as we compare it: lower case, single spaces, one kind of apostrophe."""
    return " ".join(str(value or "").replace("’", "'").replace("ʼ", "'").lower().split())


LOOKUP: dict[str, dict[str, str]] = {
    kind: {normal(alias): column for column, aliases in columns.items() for alias in (column, *aliases)}
    for kind, columns in COLUMNS.items()
}
