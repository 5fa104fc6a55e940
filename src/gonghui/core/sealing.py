"""Sealed personal data: encrypted at rest, found by a keyed hash, shown masked.

A sealed column holds `keyid$base64(nonce + ciphertext + tag)`. The key ring lives outside
the database (GONGHUI_DATA_KEY_FILE); each key names its suite, AES-256-GCM or SM4-GCM,
so keys can be rotated (`gonghui rotate-keys`) and old values still read. Lookups go
through a blind index column: HMAC-SHA256 or HMAC-SM3 of the normalised value.

In Python a sealed value is a SealedValue whose str() and repr() are masked, so templates,
logs, error pages and exports show the masked form unless code calls reveal().
"""

import base64
import functools
import hashlib
import json
import logging
import os
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

SUITES = ("aes-gcm", "sm4-gcm")


class SealError(Exception):
    pass


# Key ring ----------------------------------------------------------------------------------


def new_key_entry(suite: str) -> dict:
    if suite not in SUITES:
        raise ImproperlyConfigured(f"未知的加密算法 {suite}，可选 {', '.join(SUITES)}")
    size = 32 if suite == "aes-gcm" else 16
    return {"suite": suite, "key": base64.b64encode(os.urandom(size)).decode()}


def new_keyring(suite: str) -> dict:
    return {
        "current": "k1",
        "index_suite": "hmac-sm3" if suite == "sm4-gcm" else "hmac-sha256",
        "index_key": base64.b64encode(os.urandom(32)).decode(),
        "keys": {"k1": new_key_entry(suite)},
    }


@functools.cache
def keyring() -> dict:
    path = settings.DATA_KEY_FILE
    if path.exists():
        ring = json.loads(path.read_text())
    elif settings.PRODUCTION:
        raise ImproperlyConfigured(f"数据密钥文件 {path} 不存在")
    else:
        ring = new_keyring(settings.SEAL_SUITE)
        if not settings.TESTING:
            save_keyring(ring)
    for key_id, entry in ring["keys"].items():
        entry["raw"] = base64.b64decode(entry["key"])
        if entry["suite"] == "aes-gcm":
            entry["aead"] = AESGCM(entry["raw"])  # built once: a bulk import seals millions of values
    ring["index_raw"] = base64.b64decode(ring["index_key"])
    ring["index_mac"] = _HmacSha256(ring["index_raw"])
    return ring


class _HmacSha256:
    """HMAC-SHA256 (RFC 2104) with the key's inner and outer hashes begun once and copied per
    value: the same digest as the standard library's hmac, in under half its time (its copy()
    and hexdigest() are Python code; a bulk import takes a million of them)."""

    def __init__(self, key: bytes):
        block = hashlib.sha256().block_size
        key = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key)).copy
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key)).copy

    def hexdigest(self, message: bytes) -> str:
        inner = self._inner()
        inner.update(message)
        outer = self._outer()
        outer.update(inner.digest())
        return outer.hexdigest()


def save_keyring(ring: dict) -> None:
    path = settings.DATA_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    stored = {
        "current": ring["current"],
        "index_suite": ring["index_suite"],
        "index_key": ring["index_key"],
        "keys": {k: {"suite": v["suite"], "key": v["key"]} for k, v in ring["keys"].items()},
    }
    tmp = path.with_suffix(".tmp")
    # Created 0600 from the start: written first and chmod-ed after, the keys would be
    # readable by anyone on the machine for a moment.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(json.dumps(stored, indent=2))
    os.chmod(tmp, 0o600)
    tmp.replace(path)


def add_key(suite: str) -> str:
    """Add a new key to the ring and make it current; returns its id."""
    ring = keyring()
    number = max(int(k[1:]) for k in ring["keys"]) + 1
    key_id = f"k{number}"
    ring["keys"][key_id] = new_key_entry(suite)
    ring["current"] = key_id
    save_keyring(ring)
    keyring.cache_clear()
    return key_id


# Sealing -----------------------------------------------------------------------------------


def seal(plain: str, kind: str) -> str:
    ring = keyring()
    key_id = ring["current"]
    entry = ring["keys"][key_id]
    nonce = os.urandom(12)
    aad = kind.encode()
    data = plain.encode()
    if entry["suite"] == "aes-gcm":
        body = entry["aead"].encrypt(nonce, data, aad)
    else:
        encryptor = Cipher(algorithms.SM4(entry["raw"]), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        body = encryptor.update(data) + encryptor.finalize() + encryptor.tag
    return f"{key_id}${base64.b64encode(nonce + body).decode()}"


def seal_many(plains: list[str], kind: str) -> list[str]:
    """seal() of each value, for bulk writes: one call for the nonces of all of them (a
    system call each was a third of the cost) and the key looked up once. Empty stays empty."""
    ring = keyring()
    key_id = ring["current"]
    entry = ring["keys"][key_id]
    if entry["suite"] != "aes-gcm":
        return [seal(plain, kind) if plain else "" for plain in plains]
    encrypt, aad, prefix, b64 = entry["aead"].encrypt, kind.encode(), f"{key_id}$", base64.b64encode
    nonces = os.urandom(12 * len(plains))
    sealed = []
    for n, plain in enumerate(plains):
        if plain:
            nonce = nonces[12 * n:12 * n + 12]
            sealed.append(prefix + b64(nonce + encrypt(nonce, plain.encode(), aad)).decode())
        else:
            sealed.append("")
    return sealed


def unseal(stored: str, kind: str) -> str:
    try:
        key_id, encoded = stored.split("$", 1)
        entry = keyring()["keys"][key_id]
        raw = base64.b64decode(encoded)
    except (ValueError, KeyError) as exc:
        raise SealError("密文格式错误或密钥不存在") from exc
    nonce, body = raw[:12], raw[12:]
    aad = kind.encode()
    try:
        if entry["suite"] == "aes-gcm":
            return entry["aead"].decrypt(nonce, body, aad).decode()
        decryptor = Cipher(algorithms.SM4(entry["raw"]), modes.GCM(nonce, body[-16:])).decryptor()
        decryptor.authenticate_additional_data(aad)
        return (decryptor.update(body[:-16]) + decryptor.finalize()).decode()
    except Exception as exc:  # InvalidTag and friends: the value was tampered with
        raise SealError("密文校验失败") from exc


def key_id_of(stored: str) -> str:
    return stored.split("$", 1)[0]


def blind_index(plain: str, kind: str) -> str:
    ring = keyring()
    message = f"{kind}:{plain}".encode()
    if ring["index_suite"] == "hmac-sm3":
        mac = crypto_hmac.HMAC(ring["index_raw"], hashes.SM3())
        mac.update(message)
        return mac.finalize().hex()[:40]
    return ring["index_mac"].hexdigest(message)[:40]


def blind_index_many(plains: list[str], kind: str) -> list[str]:
    """blind_index() of each value, for bulk writes. Empty stays empty."""
    ring = keyring()
    if ring["index_suite"] != "hmac-sha256":
        return [blind_index(plain, kind) if plain else "" for plain in plains]
    digest = ring["index_mac"].hexdigest
    return [digest(f"{kind}:{plain}".encode())[:40] if plain else "" for plain in plains]


# Masking -----------------------------------------------------------------------------------


def mask(plain: str, kind: str) -> str:
    if not plain:
        return ""
    if kind == "id_number" and len(plain) >= 10:
        return plain[:6] + "*" * (len(plain) - 10) + plain[-4:]
    if kind == "mobile" and len(plain) >= 7:
        return plain[:3] + "****" + plain[-4:]
    if kind == "bank_account" and len(plain) > 4:
        return "*" * (len(plain) - 4) + plain[-4:]
    return "******"


class SealedValue:
    """A personal-data value that prints masked. Call reveal() for the whole value, and only
    where the acting user may see it and the reveal is audited."""

    __slots__ = ("_plain", "kind")

    def __init__(self, plain: str, kind: str):
        self._plain = plain
        self.kind = kind

    def reveal(self) -> str:
        return self._plain

    @property
    def masked(self) -> str:
        return mask(self._plain, self.kind)

    def __str__(self):
        return self.masked

    def __repr__(self):
        return f"<SealedValue {self.masked}>"

    def __bool__(self):
        return bool(self._plain)

    def __eq__(self, other):
        if isinstance(other, SealedValue):
            return self._plain == other._plain and self.kind == other.kind
        return NotImplemented

    def __hash__(self):
        return hash((self.kind, self._plain))


class SealedField(models.TextField):
    """A text column stored sealed. Queries cannot compare it; use its BlindIndexField."""

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return SealedValue("", self.kind)
        return SealedValue(unseal(value, self.kind), self.kind)

    def to_python(self, value):
        if isinstance(value, SealedValue):
            return value
        return SealedValue("" if value is None else str(value), self.kind)

    def get_prep_value(self, value):
        if isinstance(value, SealedValue):
            value = value.reveal()
        if not value:
            return ""
        return seal(str(value), self.kind)

    def value_to_string(self, obj):
        return str(self.value_from_object(obj))


class BlindIndexField(models.CharField):
    """The keyed hash of a sealed field, kept up to date on every save and bulk write."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key in ("max_length", "blank", "default", "editable"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        sealed = getattr(model_instance, self.source)
        source_field = model_instance._meta.get_field(self.source)
        plain = sealed.reveal() if isinstance(sealed, SealedValue) else (sealed or "")
        value = blind_index(plain, source_field.kind) if plain else ""
        setattr(model_instance, self.attname, value)
        return value


def index_for(model, field_name: str, plain: str) -> str:
    """The blind index to look up `plain` in `model.field_name` (a SealedField)."""
    return blind_index(plain, model._meta.get_field(field_name).kind)


# Logs --------------------------------------------------------------------------------------

_ID_IN_TEXT = re.compile(r"(?<![0-9])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9])")
# Mobiles are written with a country prefix (+86, 0086, 86) and with spaces or hyphens as
# often as bare, so all of those forms are masked too.
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9])((?:(?:\+|00)?86[ -]?)?1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?![0-9])")


def mask_text(text: str) -> str:
    text = _ID_IN_TEXT.sub(r"\1********\2", text)
    return _MOBILE_IN_TEXT.sub(r"\1****\2", text)


class MaskPersonalDataFilter(logging.Filter):
    """Masks anything shaped like an ID or mobile number before a log line is written,
    in the message and in the traceback of a logged exception alike."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            # Formatters print exc_text when it is set, so the masked traceback is what
            # reaches the log; an exception message often carries the offending input.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True
