"""Card numbers: 16 digits, "5182" (5.1 service card, the city's area code 330282), an
11-digit serial and a Luhn check digit (ISO/IEC 7812, the check digit every bank card and
till scanner knows), so one mistyped digit or two swapped ones are caught before a look-up.

Serials are drawn at random, not counted up: a number read off one card says nothing about
the next member's.
"""

import random
import secrets

from django.core.exceptions import ValidationError

from gonghui.core.validators import normalise

PREFIX = "5182"
LENGTH = 16
SERIAL_DIGITS = LENGTH - len(PREFIX) - 1


def luhn_check_digit(body: str) -> str:
    """The digit that makes body + digit pass the Luhn check."""
    total = 0
    for i, char in enumerate(reversed(body)):
        digit = int(char)
        if i % 2 == 0:  # doubled: every second digit counting left from the check digit
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return number.isdigit() and len(number) >= 2 and luhn_check_digit(number[:-1]) == number[-1]


def clean_card_number(value) -> str:
    """The canonical card number from what a person typed or a scanner sent (spaces,
    hyphens and full-width digits allowed); ValidationError in Chinese otherwise."""
    number = normalise(value).replace("-", "")
    if not number:
        raise ValidationError("卡号不能为空", code="required")
    if not number.isdigit() or len(number) != LENGTH:
        raise ValidationError(f"卡号应为{LENGTH}位数字", code="format")
    if not number.startswith(PREFIX):
        raise ValidationError(f"卡号应以 {PREFIX} 开头，这不是本市的5.1服务卡", code="prefix")
    if not luhn_ok(number):
        raise ValidationError("卡号校验位错误，请核对是否输错", code="check_digit")
    return number


def card_number(serial: int) -> str:
    body = f"{PREFIX}{serial:0{SERIAL_DIGITS}d}"
    return body + luhn_check_digit(body)


def draw_numbers(count: int, *, taken=frozenset(), rng: random.Random | None = None) -> list[str]:
    """`count` distinct new numbers, none in `taken`. A seeded rng (the demo) gives the
    same numbers every time; without one the draw is cryptographically random."""
    randbelow = (lambda n: rng.randrange(n)) if rng is not None else secrets.randbelow
    drawn: set[str] = set()
    numbers = []
    while len(numbers) < count:
        number = card_number(randbelow(10**SERIAL_DIGITS))
        if number not in drawn and number not in taken:
            drawn.add(number)
            numbers.append(number)
    return numbers
