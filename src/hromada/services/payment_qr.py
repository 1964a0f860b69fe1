"""The National Bank of Ukraine's payment QR code (Resolution No. 97 of 2025, format 002): the recipient's
IBAN and EDRPOU checked, the data string in the standard's field order, its bank.gov.ua link, SVG and PNG.

Pure functions over plain values: the services and the pages call them; nothing here reads the database."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import segno
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from hromada.core.errors import ValidationFailed

SERVICE_MARK = "BCD"
FORMAT = "002"
ENCODING_UTF8 = "1"
FUNCTION = "UCT"  # a credit transfer
LINK_PREFIX = "https://bank.gov.ua/qr/"
NAME_MAX = 70  # the recipient's name, in characters
PURPOSE_MAX = 140  # the purpose of the payment, in characters
AMOUNT_MAX = Decimal("999999999.99")
MIN_VERSION, MAX_VERSION = 10, 20  # the standard's range of QR versions
# Q, or M when the data needs it: both keep the code readable under the hryvnia sign in its centre
ERROR_LEVELS = ("q", "m")

_IBAN = re.compile(r"^UA\d{2}[0-9A-Z]{25}$")


def normalise_iban(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "").upper()


def iban_is_valid(raw: str) -> bool:
    """A Ukrainian IBAN: UA, 27 more characters, and the ISO 13616 check (the number mod 97 is 1)."""
    iban = normalise_iban(raw)
    if not _IBAN.match(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def iban_check_digits(country_and_bban: str) -> str:
    """The two check digits for `UA` + BBAN (used by the demo to make a well-formed account number)."""
    country, bban = country_and_bban[:2], country_and_bban[2:]
    number = int("".join(str(int(ch, 36)) for ch in bban + country + "00"))
    return f"{98 - number % 97:02d}"


def edrpou_check_digit(first_seven: str) -> int:
    """The check digit of an EDRPOU code (the State Statistics Service's weighted mod-11 rule)."""
    digits = [int(d) for d in first_seven]
    value = int(first_seven + "0")
    weights = [1, 2, 3, 4, 5, 6, 7] if value < 30_000_000 or value > 60_000_000 else [7, 1, 2, 3, 4, 5, 6]
    total = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if total == 10:
        total = sum(d * (w + 2) for d, w in zip(digits, weights, strict=True)) % 11
    return 0 if total == 10 else total


def edrpou_is_valid(raw: str) -> bool:
    code = (raw or "").strip()
    return len(code) == 8 and code.isdigit() and edrpou_check_digit(code[:7]) == int(code[7])


@dataclass(frozen=True)
class PaymentDetails:
    """What a banking app prefills: the recipient, their account and code, the amount and the purpose."""

    recipient: str
    iban: str
    edrpou: str
    amount: Decimal
    purpose: str


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def amount_clean(amount) -> Decimal:
    """An amount in hryvnias with kopecks, from 0.01 to AMOUNT_MAX, or ValidationFailed on "amount"."""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (ArithmeticError, ValueError):
        raise ValidationFailed(fields={"amount": [_("Give the amount as a number.")]}) from None
    if not (Decimal("0.01") <= value <= AMOUNT_MAX):
        raise ValidationFailed(fields={"amount": [_("The amount is from 0.01 to %(max)s hryvnias.")
                                                  % {"max": AMOUNT_MAX}]})
    return value


def details_clean(*, recipient: str, iban: str, edrpou: str, amount, purpose: str) -> PaymentDetails:
    """Checked details, or ValidationFailed naming each wrong field (nothing else is ever encoded)."""
    errors: dict[str, list[str]] = {}
    recipient, purpose, iban = _one_line(recipient), _one_line(purpose), normalise_iban(iban)
    if not recipient or len(recipient) > NAME_MAX:
        errors["recipient"] = [_("The recipient's name is 1 to %(max)s characters.") % {"max": NAME_MAX}]
    if not iban_is_valid(iban):
        errors["iban"] = [_("Not a valid Ukrainian IBAN (UA and 27 characters with correct check digits).")]
    if not edrpou_is_valid(edrpou):
        errors["edrpou"] = [_("Not a valid EDRPOU code (8 digits with a correct check digit).")]
    try:
        value = amount_clean(amount)
    except ValidationFailed as exc:
        value = Decimal(0)
        errors.update(exc.fields)
    if not purpose or len(purpose) > PURPOSE_MAX:
        errors["purpose"] = [_("The purpose is 1 to %(max)s characters.") % {"max": PURPOSE_MAX}]
    if errors:
        raise ValidationFailed(fields=errors)
    return PaymentDetails(recipient, iban, edrpou.strip(), value, purpose)


def data_string(details: PaymentDetails) -> str:
    """The standard's data: thirteen elements in its order, separated by LF, in UTF-8. Reserved and optional
    elements we do not use (BIC, two reserved ones, the display text) stay empty but keep their place."""
    return "\n".join([
        SERVICE_MARK, FORMAT, ENCODING_UTF8, FUNCTION,
        "",  # BIC: not used in Ukraine
        details.recipient, details.iban, f"UAH{details.amount:.2f}", details.edrpou,
        "", "",  # reserved
        details.purpose,
        "",  # display text
    ])


def link(details: PaymentDetails) -> str:
    """https://bank.gov.ua/qr/ + the data string in unpadded base64url: a phone opens its banking app with it."""
    encoded = base64.urlsafe_b64encode(data_string(details).encode("utf-8")).decode("ascii").rstrip("=")
    return LINK_PREFIX + encoded


def _symbol(details: PaymentDetails) -> segno.QRCode:
    """The code at the highest error correction the data fits in versions 10 to 20."""
    payload = data_string(details)
    for level in ERROR_LEVELS:
        smallest = segno.make(payload, error=level, boost_error=False, micro=False, encoding="utf-8")
        if int(smallest.version) <= MAX_VERSION:
            return segno.make(payload, error=level, boost_error=False, micro=False, encoding="utf-8",
                              version=max(MIN_VERSION, int(smallest.version)))
    # Cannot happen within NAME_MAX and PURPOSE_MAX; a code outside the standard is never printed.
    raise ValidationFailed(fields={"purpose": [_("The payment details are too long for a payment QR code.")]})


# The hryvnia sign the standard puts in a white circle at the centre, as strokes in a unit square (0..1):
# an S-curve and two bars. One drawing, rendered as SVG and as PNG.
_SIGN_STROKES = (
    ((0.30, 0.30), (0.40, 0.18), (0.58, 0.16), (0.70, 0.26), (0.68, 0.42), (0.50, 0.52), (0.32, 0.62),
     (0.30, 0.78), (0.42, 0.86), (0.60, 0.84), (0.72, 0.72)),
    ((0.22, 0.42), (0.78, 0.42)),
    ((0.22, 0.60), (0.78, 0.60)),
)
_SIGN_SHARE = 0.2  # the circle's diameter as a share of the symbol's width (about 3 % of its area: well inside M's 15 %)


def svg(details: PaymentDetails, *, scale: int = 4, title: str = "") -> str:
    """The code as an SVG document with the hryvnia sign in a white circle at its centre."""
    symbol = _symbol(details)
    out = io.BytesIO()
    symbol.save(out, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, title=title or None,
                nl=False, svgclass="payment-qr", lineclass=None)
    width = symbol.symbol_size(scale=scale, border=4)[0]
    centre, radius = width / 2, width * _SIGN_SHARE / 2
    side = radius * 1.3
    left = centre - side / 2
    paths = "".join(
        '<polyline fill="none" stroke="#000" stroke-width="{:.2f}" stroke-linecap="round" '
        'stroke-linejoin="round" points="{}"/>'.format(
            side * 0.1, " ".join(f"{left + x * side:.2f},{left + y * side:.2f}" for x, y in stroke))
        for stroke in _SIGN_STROKES)
    sign = (f'<g aria-hidden="true"><circle cx="{centre:.2f}" cy="{centre:.2f}" r="{radius:.2f}" fill="#fff"/>'
            f"{paths}</g>")
    return out.getvalue().decode("utf-8").replace("</svg>", sign + "</svg>")


def png(details: PaymentDetails, *, scale: int = 6) -> bytes:
    """The same code as a PNG image."""
    symbol = _symbol(details)
    raw = io.BytesIO()
    symbol.save(raw, kind="png", scale=scale, border=4)
    raw.seek(0)
    with Image.open(raw) as loaded:
        image = loaded.convert("RGB")
    width = image.width
    centre, radius = width / 2, width * _SIGN_SHARE / 2
    draw = ImageDraw.Draw(image)
    draw.ellipse((centre - radius, centre - radius, centre + radius, centre + radius), fill="white")
    side = radius * 1.3
    left = centre - side / 2
    for stroke in _SIGN_STROKES:
        draw.line([(left + x * side, left + y * side) for x, y in stroke], fill="black",
                  width=max(2, round(side * 0.1)), joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
