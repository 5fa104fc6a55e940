"""Validators for the codes Chinese records carry: GB 11643 resident ID numbers, GB 32100
unified social credit codes and mobile numbers.

Each `clean_*` function normalises what people type (full-width characters, spaces,
lower-case x) and returns the canonical value, or raises ValidationError with a Chinese
message that says what is wrong.
"""

import datetime
import operator
import re

from django.core.exceptions import ValidationError

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20  # ideographic space
_WHITESPACE = re.compile(r"\s+")


def normalise(value) -> str:
    """Full-width to half-width, all whitespace removed, upper case."""
    if value is None:
        return ""
    text = str(value).translate(_FULL_WIDTH)
    return _WHITESPACE.sub("", text).upper()


# GB 11643-1999 -------------------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83 91".split()
)


_ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]")


# Each digit's byte is its value plus 48 ("0"): the weighted sum of the bytes less this.
_ID_WEIGHTED_ZEROS = ord("0") * sum(ID_WEIGHTS)


def id_number_check_char(first17: str) -> str:
    """The 18th character of an ID number whose first 17 characters are digits."""
    # Imports check a million of these: the bytes are the digits' values without an int()
    # each (a third of the time), mapped over C functions with no frame per digit.
    total = sum(map(operator.mul, first17.encode(), ID_WEIGHTS)) - _ID_WEIGHTED_ZEROS
    return ID_CHECK_CHARS[total % 11]


# Any birth date up to the day this module was loaded is in the past, whenever it is checked:
# asking the clock once per ID number was a tenth of checking one.
_LOADED_ON = datetime.date.today()


def clean_id_number(value) -> str:
    if value.__class__ is str and len(value) == 18 and value.isascii() and value.isalnum():
        number = value.upper()  # already plain: nothing to normalise
    else:
        number = normalise(value)
    if not number:
        raise ValidationError("身份证号不能为空", code="required")
    if not _ID_PATTERN.fullmatch(number):
        raise ValidationError("身份证号应为18位，前17位为数字，末位为数字或X", code="format")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(f"身份证号地区码 {number[:6]} 不存在", code="region")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(f"身份证号中的出生日期 {number[6:14]} 不存在", code="birth_date") from None
    if birth.year < 1900 or (birth > _LOADED_ON and birth > datetime.date.today()):
        raise ValidationError(f"身份证号中的出生日期 {number[6:14]} 不合理", code="birth_date")
    if id_number_check_char(number[:17]) != number[17]:
        raise ValidationError("身份证号校验位错误", code="check_digit")
    return number


def id_number_birth_date(number: str) -> datetime.date:
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_number_sex(number: str) -> str:
    """'M' or 'F', from the parity of the 17th digit."""
    return "M" if int(number[16]) % 2 else "F"


# GB 32100-2015 -------------------------------------------------------------------------

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_PATTERN = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}")


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(char) * weight for char, weight in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def credit_code_format_ok(code: str) -> bool:
    return bool(_CREDIT_PATTERN.fullmatch(code))


def clean_credit_code(value, *, allow_bad_check_char: bool = False) -> str:
    """A unified social credit code. With allow_bad_check_char, a code whose only fault is its
    check character passes (some early pilot codes were issued that way and a reviewer may
    accept them); the caller must flag it."""
    code = normalise(value)
    if not code:
        raise ValidationError("统一社会信用代码不能为空", code="required")
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，当前为{len(code)}位", code="length")
    if not credit_code_format_ok(code):
        raise ValidationError("统一社会信用代码含有不允许的字符(不使用 I、O、Z、S、V)，或第3-8位不是行政区划数字", code="format")
    if credit_code_check_char(code[:17]) != code[17] and not allow_bad_check_char:
        raise ValidationError("统一社会信用代码校验位错误", code="check_char")
    return code


def credit_code_check_ok(code: str) -> bool:
    return credit_code_format_ok(code) and credit_code_check_char(code[:17]) == code[17]


# Mobile numbers --------------------------------------------------------------------------


_MOBILE_PATTERN = re.compile(r"1[3-9][0-9]{9}")


def clean_mobile(value) -> str:
    if value.__class__ is str and len(value) == 11 and value.isdigit() and value.isascii():
        number = value  # already plain: nothing to normalise
    else:
        number = normalise(value).replace("-", "")
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    if not number:
        raise ValidationError("手机号不能为空", code="required")
    if not _MOBILE_PATTERN.fullmatch(number):
        raise ValidationError("手机号应为1开头的11位数字", code="format")
    return number
