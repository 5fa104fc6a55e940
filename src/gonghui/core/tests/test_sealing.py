"""Sealed personal data: encrypted at rest under a key kept outside the database, found by a
keyed hash, shown masked everywhere unless revealed, and re-encrypted by `rotate-keys`.

The sealed column used throughout is the account's two-factor secret (User.totp_secret,
kind "secret"), the one SealedField every installation has."""

import base64
import io
import json
import logging
import os
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template

from gonghui.core import audit, sealing
from gonghui.core.models import AuditEntry
from gonghui.core.sealing import MaskPersonalDataFilter, SealedValue, SealError

SECRET = "JBSWY3DPEHPK3PXPSECRETVALUE2013"
ID_NUMBER = "33028219900101123X"


@pytest.fixture
def key_file(settings, tmp_path):
    """A key ring of the test's own in a temporary file, so a rotation never writes the
    developer's var/data-keys.json and no other test sees the keys made here."""
    settings.DATA_KEY_FILE = tmp_path / "data-keys.json"
    sealing.keyring.cache_clear()
    yield settings.DATA_KEY_FILE
    sealing.keyring.cache_clear()


@pytest.fixture
def sm4_key_file(settings, key_file):
    settings.SEAL_SUITE = "sm4-gcm"
    sealing.keyring.cache_clear()
    return key_file


def stored_column(user) -> str:
    """What the database really holds, read past the ORM."""
    table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT totp_secret FROM {connection.ops.quote_name(table)} WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


def write_column(user, value: str) -> None:
    table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {connection.ops.quote_name(table)} SET totp_secret = %s WHERE id = %s", [value, user.pk])


def reload(user):
    return get_user_model().objects.get(pk=user.pk)


def sealed_user(city, make_user, plain=SECRET):
    user = make_user("clerk", city.town_a)
    user.totp_secret = SealedValue(plain, "secret")
    user.save(update_fields=["totp_secret"])
    return user


# Round trip and what the database holds -----------------------------------------------------


@pytest.mark.parametrize("suite_fixture", ["key_file", "sm4_key_file"])
def test_a_sealed_value_reads_back_but_the_database_never_holds_the_plain_text(request, suite_fixture, city, make_user):
    request.getfixturevalue(suite_fixture)
    expected_suite = "sm4-gcm" if suite_fixture == "sm4_key_file" else "aes-gcm"
    assert sealing.keyring()["keys"]["k1"]["suite"] == expected_suite

    user = sealed_user(city, make_user)

    raw = stored_column(user)
    assert raw.startswith("k1$")
    assert SECRET not in raw
    assert SECRET.lower() not in raw.lower()
    assert reload(user).totp_secret.reveal() == SECRET


@pytest.mark.parametrize("suite", sealing.SUITES)
def test_sealing_the_same_value_twice_gives_different_ciphertexts_that_both_open(suite, settings, key_file):
    settings.SEAL_SUITE = suite
    sealing.keyring.cache_clear()
    first, second = sealing.seal(ID_NUMBER, "id_number"), sealing.seal(ID_NUMBER, "id_number")
    assert first != second  # a fresh nonce each time: equal values are not visible as equal
    assert sealing.unseal(first, "id_number") == sealing.unseal(second, "id_number") == ID_NUMBER


def test_an_empty_value_is_stored_empty_and_reads_back_as_an_empty_sealed_value(city, make_user, key_file):
    user = make_user("clerk", city.town_a)
    assert stored_column(user) == ""
    value = reload(user).totp_secret
    assert isinstance(value, SealedValue) and not value and value.reveal() == ""


# Tampering --------------------------------------------------------------------------------------


@pytest.mark.parametrize("suite_fixture", ["key_file", "sm4_key_file"])
def test_a_ciphertext_changed_in_the_database_refuses_to_open(request, suite_fixture, city, make_user):
    request.getfixturevalue(suite_fixture)
    user = sealed_user(city, make_user)
    key_id, encoded = stored_column(user).split("$", 1)
    body = bytearray(base64.b64decode(encoded))
    body[20] ^= 0x01  # one bit of the ciphertext
    write_column(user, f"{key_id}${base64.b64encode(bytes(body)).decode()}")

    with pytest.raises(SealError):
        reload(user)


def test_a_ciphertext_moved_to_another_kind_of_field_refuses_to_open(key_file):
    # The kind is authenticated data: an ID number pasted into a mobile column does not open.
    sealed = sealing.seal(ID_NUMBER, "id_number")
    with pytest.raises(SealError):
        sealing.unseal(sealed, "mobile")


@pytest.mark.parametrize("stored", ["no-dollar-sign", "k99$AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "k1$***not base64***", "k1$AAAA"])
def test_a_stored_value_that_is_not_a_ciphertext_of_ours_raises_seal_error(stored, key_file):
    with pytest.raises(SealError):
        sealing.unseal(stored, "id_number")


# Blind index ------------------------------------------------------------------------------------


def test_the_blind_index_finds_equal_values_and_tells_kinds_and_values_apart(key_file):
    assert sealing.blind_index(ID_NUMBER, "id_number") == sealing.blind_index(ID_NUMBER, "id_number")
    assert sealing.blind_index(ID_NUMBER, "id_number") != sealing.blind_index(ID_NUMBER, "mobile")
    assert sealing.blind_index(ID_NUMBER, "id_number") != sealing.blind_index("330282199001011231", "id_number")
    assert ID_NUMBER not in sealing.blind_index(ID_NUMBER, "id_number")
    assert len(sealing.blind_index(ID_NUMBER, "id_number")) == 40


def test_the_blind_index_is_the_standard_hmac_sha256_so_stored_indexes_stay_findable(key_file):
    import hashlib
    import hmac

    key = sealing.keyring()["index_raw"]
    assert sealing.blind_index(ID_NUMBER, "id_number") == hmac.new(key, f"id_number:{ID_NUMBER}".encode(), hashlib.sha256).hexdigest()[:40]
    assert sealing.blind_index_many([ID_NUMBER, ""], "mobile") == [hmac.new(key, f"mobile:{ID_NUMBER}".encode(), hashlib.sha256).hexdigest()[:40], ""]
    for length in (0, 1, 32, 64, 65, 200):  # keys shorter than, as long as and longer than a block
        long_key = bytes(range(256))[:length]
        assert sealing._HmacSha256(long_key).hexdigest(b"abc") == hmac.new(long_key, b"abc", hashlib.sha256).hexdigest()


def test_the_blind_index_is_keyed_so_another_installation_cannot_recompute_it(settings, tmp_path):
    settings.DATA_KEY_FILE = tmp_path / "one.json"
    sealing.keyring.cache_clear()
    here = sealing.blind_index(ID_NUMBER, "id_number")
    settings.DATA_KEY_FILE = tmp_path / "two.json"
    sealing.keyring.cache_clear()
    try:
        assert sealing.blind_index(ID_NUMBER, "id_number") != here
    finally:
        sealing.keyring.cache_clear()


def test_the_sm4_key_ring_indexes_with_hmac_sm3(sm4_key_file):
    assert sealing.keyring()["index_suite"] == "hmac-sm3"
    assert sealing.blind_index(ID_NUMBER, "id_number") == sealing.blind_index(ID_NUMBER, "id_number")
    assert sealing.blind_index(ID_NUMBER, "id_number") != sealing.blind_index(ID_NUMBER, "mobile")


# Masking ----------------------------------------------------------------------------------------


def test_a_sealed_value_prints_masked_however_it_is_printed():
    value = SealedValue(ID_NUMBER, "id_number")
    assert str(value) == "330282********123X"
    assert f"{value}" == "330282********123X"
    assert "%s" % value == "330282********123X"
    assert "{}".format(value) == "330282********123X"
    assert ID_NUMBER not in repr(value) and "330282********123X" in repr(value)
    assert ID_NUMBER not in f"{value!r}"
    assert ID_NUMBER not in str([value]) and ID_NUMBER not in str({"id": value})
    assert Template("{{ v }}").render(Context({"v": value})) == "330282********123X"
    assert value.reveal() == ID_NUMBER


def test_mobiles_and_other_secrets_are_masked_too():
    assert str(SealedValue("13800138000", "mobile")) == "138****8000"
    assert str(SealedValue("6222021234567890123", "bank_account")) == "***************0123"
    assert str(SealedValue(SECRET, "secret")) == "******"


def test_a_sealed_field_read_from_the_database_prints_masked(city, make_user, key_file):
    user = sealed_user(city, make_user)
    value = reload(user).totp_secret
    assert SECRET not in str(value) and SECRET not in repr(value) and SECRET not in f"{value}"


# Key rotation -----------------------------------------------------------------------------------


def test_rotate_keys_re_encrypts_every_value_under_a_new_key_and_they_still_read_back(city, make_user, key_file):
    users = [sealed_user(city, make_user, plain=f"{SECRET}{n}") for n in range(3)]
    before = {u.pk: stored_column(u) for u in users}
    assert all(value.startswith("k1$") for value in before.values())

    out = io.StringIO()
    call_command("rotate_keys", stdout=out)

    assert "k2" in out.getvalue()
    stored = json.loads(key_file.read_text())
    assert stored["current"] == "k2" and set(stored["keys"]) == {"k1", "k2"}
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    sealing.keyring.cache_clear()  # as a new process would: read the ring from the file
    for n, user in enumerate(users):
        raw = stored_column(user)
        assert raw.startswith("k2$") and raw != before[user.pk]
        assert f"{SECRET}{n}" not in raw
        assert reload(user).totp_secret.reveal() == f"{SECRET}{n}"
    rotation = AuditEntry.objects.filter(action=audit.Action.KEY_ROTATION).get()
    assert "k2" in rotation.summary
    assert audit.verify() == []


def test_rotate_keys_can_move_from_aes_to_sm4_and_old_backups_still_open(city, make_user, key_file):
    user = sealed_user(city, make_user)
    old_ciphertext = stored_column(user)

    call_command("rotate_keys", "--suite", "sm4-gcm", stdout=io.StringIO())

    ring = sealing.keyring()
    assert ring["keys"]["k1"]["suite"] == "aes-gcm" and ring["keys"]["k2"]["suite"] == "sm4-gcm"
    assert stored_column(user).startswith("k2$")
    assert reload(user).totp_secret.reveal() == SECRET
    # A value restored from a backup taken before the rotation still opens with the kept key.
    assert sealing.unseal(old_ciphertext, "secret") == SECRET


def test_the_blind_index_survives_a_rotation(key_file):
    before = sealing.blind_index(ID_NUMBER, "id_number")
    sealing.add_key("aes-gcm")
    assert sealing.blind_index(ID_NUMBER, "id_number") == before


# Logs -------------------------------------------------------------------------------------------


def test_the_logging_filter_masks_id_and_mobile_numbers_in_a_log_line(caplog):
    caplog.handler.addFilter(MaskPersonalDataFilter())
    logger = logging.getLogger("gonghui.tests.sealing")
    with caplog.at_level(logging.INFO, logger="gonghui.tests.sealing"):
        logger.info("会员 %s 手机 %s 已登记", ID_NUMBER, "13800138000")
        logger.info("小写x 11010519491231002x，带区号 +8613800138000，带分隔 138-0013-8000，0086 138 0013 8000")
        logger.info("不是号码: 2013年 共 12345 人, 金额 1380013 元")

    text = caplog.text
    assert ID_NUMBER not in text and "330282********123X" in text
    assert "13800138000" not in text and "138****8000" in text
    assert "11010519491231002x" not in text and "110105********002x" in text
    assert "+86138****8000" in text
    assert "138-0013-8000" not in text and "0013" not in text.split("不是号码")[0]
    assert "2013年 共 12345 人, 金额 1380013 元" in text


def test_the_logging_filter_masks_numbers_in_a_logged_traceback():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalDataFilter())
    logger = logging.getLogger("gonghui.tests.sealing.traceback")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            raise ValueError(f"身份证号 {ID_NUMBER} 已存在，手机 13800138000")
        except ValueError:
            logger.exception("导入失败")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    text = stream.getvalue()
    assert "Traceback" in text and "ValueError" in text
    assert ID_NUMBER not in text and "13800138000" not in text
    assert "330282********123X" in text and "138****8000" in text


def test_the_console_log_handler_is_configured_with_the_mask():
    root_filters = [f for h in logging.getLogger().handlers for f in h.filters]
    assert any(isinstance(f, MaskPersonalDataFilter) for f in root_filters)
