"""The checks a call defines, as pure functions: tax-number formats (EDRPOU, RNOKPP with their check digits), who may
apply, the co-financing share and the cap. Services raise their findings; the staff page lists them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import ApplicantType

_EDRPOU_WEIGHTS = (1, 2, 3, 4, 5, 6, 7)
_EDRPOU_MIDDLE_WEIGHTS = (7, 1, 2, 3, 4, 5, 6)  # codes from 30,000,000 to 60,000,000 weigh differently
_RNOKPP_WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)


def edrpou_valid(code: str) -> bool:
    """An 8-digit EDRPOU code whose last digit is its check digit (mod 11, a second pass with weights + 2)."""
    if len(code) != 8 or not code.isdigit():
        return False
    digits = [int(c) for c in code]
    weights = _EDRPOU_MIDDLE_WEIGHTS if 30_000_000 <= int(code) <= 60_000_000 else _EDRPOU_WEIGHTS
    check = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if check == 10:
        check = sum(d * (w + 2) for d, w in zip(digits, weights, strict=False)) % 11 % 10
    return check == digits[7]


def rnokpp_valid(code: str) -> bool:
    """A 10-digit RNOKPP (individual tax number) whose last digit is its check digit."""
    if len(code) != 10 or not code.isdigit():
        return False
    digits = [int(c) for c in code]
    return sum(d * w for d, w in zip(digits, _RNOKPP_WEIGHTS, strict=False)) % 11 % 10 == digits[9]


def tax_id_errors(applicant_type: str, tax_id: str, partner_tax_id: str) -> dict[str, list[str]]:
    """Format errors of the applicant's tax number (RNOKPP for a sole proprietor, EDRPOU otherwise) and of an
    initiative group's partner NGO; an initiative group itself has no code."""
    errors: dict[str, list[str]] = {}
    if applicant_type == ApplicantType.SOLE_PROPRIETOR:
        if not rnokpp_valid(tax_id):
            errors["tax_id"] = [_("Give the 10-digit individual tax number (RNOKPP); its check digit does not match.")]
    elif applicant_type in (ApplicantType.NGO, ApplicantType.LEGAL_ENTITY):
        if not edrpou_valid(tax_id):
            errors["tax_id"] = [_("Give the 8-digit EDRPOU code; its check digit does not match.")]
    elif applicant_type == ApplicantType.INITIATIVE_GROUP and not edrpou_valid(partner_tax_id):
        errors["partner_tax_id"] = [_("Give the partner NGO's 8-digit EDRPOU code; its check digit does not match.")]
    return errors


@dataclass(frozen=True)
class Finding:
    check: str
    passed: bool
    detail: str


def terms_findings(rule, *, total_cost: int, cofinancing: int) -> list[Finding]:
    """The call's money terms for this applicant type: a positive budget, the applicant's own share at least the
    rule's percentage of the total, and the grant asked for within the cap."""
    requested = total_cost - cofinancing
    share_needed = -(-total_cost * rule.cofinancing_percent // 100)  # rounded up: at least the percentage
    return [
        Finding("budget", total_cost > 0 and requested > 0,
                _("The budget must cost more than the applicant's own contribution.")),
        Finding("cofinancing", cofinancing >= share_needed,
                _("The applicant covers at least %(percent)s%% of the costs (%(amount)s).")
                % {"percent": rule.cofinancing_percent, "amount": uah(share_needed)}),
        Finding("cap", requested <= rule.cap,
                _("The grant asked for is at most %(cap)s.") % {"cap": uah(rule.cap)}),
    ]


def terms_errors(rule, *, total_cost: int, cofinancing: int) -> dict[str, list[str]]:
    fields = {"budget": "budget_lines", "cofinancing": "cofinancing", "cap": "budget_lines"}
    errors: dict[str, list[str]] = {}
    for finding in terms_findings(rule, total_cost=total_cost, cofinancing=cofinancing):
        if not finding.passed:
            errors.setdefault(fields[finding.check], []).append(finding.detail)
    return errors


def uah(kopiyky: int) -> str:
    """An amount as people read it: "25 000,00 грн" style, with a plain space for thousands."""
    hryvni, kop = divmod(abs(int(kopiyky)), 100)
    sign = "-" if kopiyky < 0 else ""
    return f"{sign}{hryvni:,}".replace(",", "\u00a0") + f",{kop:02d} " + _("UAH")
