"""The validators follow the published rules: GB 11643-1999 for resident ID numbers, GB
32100-2015 for unified social credit codes, and the mainland mobile number plan. Each known
value below was checked by hand against the published weights, not against our own code."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.validators import (
    clean_credit_code,
    clean_id_number,
    clean_mobile,
    credit_code_check_char,
    credit_code_check_ok,
    id_number_birth_date,
    id_number_check_char,
    id_number_sex,
)

# GB 11643-1999: weights 2^(17-i) mod 11, check char = "10X98765432"[sum mod 11]. Written out
# here independently of the module under test.
PUBLISHED_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]

# GB 32100-2015: weights 3^i mod 31, check char = 31 - (sum mod 31), over this charset.
PUBLISHED_CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
PUBLISHED_CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def published_id_check(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, PUBLISHED_ID_WEIGHTS)) % 11]


def published_credit_check(first17: str) -> str:
    total = sum(PUBLISHED_CREDIT_CHARSET.index(c) * w for c, w in zip(first17, PUBLISHED_CREDIT_WEIGHTS))
    return PUBLISHED_CREDIT_CHARSET[(31 - total % 31) % 31]


def error_code(excinfo) -> str:
    return excinfo.value.code


# Resident ID numbers --------------------------------------------------------------------------


def test_the_published_weights_are_the_ones_the_standard_prints():
    assert PUBLISHED_ID_WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert [pow(3, i, 31) for i in range(17)] == PUBLISHED_CREDIT_WEIGHTS


def test_the_example_id_number_printed_in_the_standard_is_valid():
    assert clean_id_number("11010519491231002X") == "11010519491231002X"
    assert id_number_birth_date("11010519491231002X") == datetime.date(1949, 12, 31)
    assert id_number_sex("11010519491231002X") == "F"


@pytest.mark.parametrize(
    "first17",
    [
        "33028219900101123",  # Cixi, 1990
        "33028220000229001",  # a leap day
        "44030619851117451",
        "65010219700601887",
        "81000019950505002",  # Hong Kong residence permit region
        "11010119000101000",  # the earliest year accepted
    ],
)
def test_generated_id_numbers_with_the_published_check_char_are_accepted(first17):
    number = first17 + published_id_check(first17)
    assert id_number_check_char(first17) == published_id_check(first17)
    assert clean_id_number(number) == number


def test_an_id_number_whose_check_char_is_wrong_is_refused():
    good = "33028219900101123" + published_id_check("33028219900101123")
    for wrong in set("0123456789X") - {good[-1]}:
        with pytest.raises(ValidationError) as excinfo:
            clean_id_number(good[:17] + wrong)
        assert error_code(excinfo) == "check_digit"
        assert "校验位" in excinfo.value.messages[0]


def test_an_id_number_born_on_a_day_that_does_not_exist_is_refused():
    first17 = "33028219990230123"  # 30 February 1999
    with pytest.raises(ValidationError) as excinfo:
        clean_id_number(first17 + published_id_check(first17))
    assert error_code(excinfo) == "birth_date"
    assert "19990230" in excinfo.value.messages[0]


def test_an_id_number_born_in_the_future_or_before_1900_is_refused():
    future = (datetime.date.today() + datetime.timedelta(days=400)).strftime("%Y%m%d")
    for first17 in (f"330282{future}123", "33028218991231123"):
        with pytest.raises(ValidationError) as excinfo:
            clean_id_number(first17 + published_id_check(first17))
        assert error_code(excinfo) == "birth_date"


@pytest.mark.parametrize("region", ["000000", "990101", "190101", "730101"])
def test_an_id_number_from_a_region_that_does_not_exist_is_refused(region):
    first17 = f"{region}19900101123"
    with pytest.raises(ValidationError) as excinfo:
        clean_id_number(first17 + published_id_check(first17))
    assert error_code(excinfo) == "region"
    assert region in excinfo.value.messages[0]


@pytest.mark.parametrize(
    "typed",
    [
        "11010519491231002x",  # lower-case x
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and letter
        "１１０１０５１９４９１２３１００２ｘ",  # full-width lower-case x
        "  110105 19491231 002X\t",  # spaces and a tab around and inside
        "\u3000110105194912310０2x\u3000",  # ideographic spaces, mixed widths
    ],
)
def test_id_numbers_as_people_type_them_are_normalised(typed):
    assert clean_id_number(typed) == "11010519491231002X"


@pytest.mark.parametrize(
    "bad",
    ["", None, "1101051949123100", "11010519491231002XX", "1101051949123100AX", "X10105194912310021"],
)
def test_an_id_number_of_the_wrong_shape_is_refused_with_a_chinese_message(bad):
    with pytest.raises(ValidationError) as excinfo:
        clean_id_number(bad)
    assert "身份证号" in excinfo.value.messages[0]


# Unified social credit codes ------------------------------------------------------------------

KNOWN_CREDIT_CODES = [
    "91350100M000100Y43",  # the example printed in GB 32100-2015
    "91110000600037341L",
    "91440300708461136T",
    "91310000MA1FL1MMXL",
]


@pytest.mark.parametrize("code", KNOWN_CREDIT_CODES)
def test_real_credit_codes_are_accepted(code):
    assert published_credit_check(code[:17]) == code[17]
    assert clean_credit_code(code) == code
    assert credit_code_check_ok(code)


def test_a_code_sometimes_quoted_as_an_example_fails_its_own_check_char():
    # 91330282MA2AH0R83X is passed around as a sample; by the published weights its check
    # char is K, so it must be refused.
    assert published_credit_check("91330282MA2AH0R83") == "K"
    with pytest.raises(ValidationError) as excinfo:
        clean_credit_code("91330282MA2AH0R83X")
    assert error_code(excinfo) == "check_char"
    assert clean_credit_code("91330282MA2AH0R83K") == "91330282MA2AH0R83K"


@pytest.mark.parametrize("number", [1, 42, 999, 123456789])
def test_generated_credit_codes_agree_with_the_published_check_char(number):
    first17 = f"91330282{number:09d}"
    assert credit_code_check_char(first17) == published_credit_check(first17)
    assert clean_credit_code(first17 + published_credit_check(first17))


def test_a_credit_code_with_a_wrong_check_char_is_refused_unless_the_caller_allows_it():
    code = KNOWN_CREDIT_CODES[0]
    wrong = code[:17] + ("4" if code[17] != "4" else "5")
    with pytest.raises(ValidationError) as excinfo:
        clean_credit_code(wrong)
    assert error_code(excinfo) == "check_char"
    assert "校验位" in excinfo.value.messages[0]
    assert clean_credit_code(wrong, allow_bad_check_char=True) == wrong
    assert not credit_code_check_ok(wrong)


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_a_credit_code_with_a_letter_the_standard_forbids_is_refused(letter):
    first17 = "91350100M000100" + letter + "4"
    with pytest.raises(ValidationError) as excinfo:
        clean_credit_code(first17 + "0")
    assert error_code(excinfo) == "format"
    assert "I、O、Z、S、V" in excinfo.value.messages[0]


def test_a_credit_code_whose_region_part_is_not_digits_is_refused():
    first17 = "9135A100M000100Y4"
    with pytest.raises(ValidationError) as excinfo:
        clean_credit_code(first17 + published_credit_check(first17))
    assert error_code(excinfo) == "format"


@pytest.mark.parametrize("code", ["91350100M000100Y4", "91350100M000100Y433", "9135"])
def test_a_credit_code_of_the_wrong_length_is_refused_naming_its_length(code):
    with pytest.raises(ValidationError) as excinfo:
        clean_credit_code(code)
    assert error_code(excinfo) == "length"
    assert f"当前为{len(code)}位" in excinfo.value.messages[0]


def test_credit_codes_as_people_type_them_are_normalised():
    assert clean_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert clean_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
    with pytest.raises(ValidationError):
        clean_credit_code("   ")


# Mobile numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "13800138000",
        "+8613800138000",
        "+86 138 0013 8000",
        "0086-138-0013-8000",
        "138-0013-8000",
        " 138 0013 8000 ",
        "１３８００１３８０００",
        "＋８６ １３８－００１３－８０００",
    ],
)
def test_mobile_numbers_as_people_type_them_are_normalised(typed):
    assert clean_mobile(typed) == "13800138000"


@pytest.mark.parametrize("bad", ["", "12800138000", "1380013800", "138001380001", "02584567890", "+85213800138000", "138OO138000"])
def test_a_mobile_number_that_is_not_a_mainland_mobile_is_refused(bad):
    with pytest.raises(ValidationError) as excinfo:
        clean_mobile(bad)
    assert "手机号" in excinfo.value.messages[0]
