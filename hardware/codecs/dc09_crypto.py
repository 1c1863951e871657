"""DC-09 encryption: AES-CBC with a zero IV, hex text on the wire, key per account.

Public implementations use the key's characters as its bytes (16/24/32 characters for
AES-128/192/256); some devices are configured with the key in hex (32/48/64 hex digits).
A 32-character key made only of hex digits could be either, so both are kept and the one
whose decryption reads as a DC-09 message wins. Prefix ``hex:`` or ``ascii:`` to say which.

``cryptography`` is imported only when a key is used, so the rest of the codecs work on a
machine without it.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers import Cipher, modes

_ZERO_IV = bytes(16)
_HEXDIGITS = frozenset(string.hexdigits)
# Pad characters must never be mistaken for the separators that follow the padding.
_PAD_ALPHABET = string.ascii_letters + string.digits

PadSource = Callable[[int], str]


def random_pad(n: int) -> str:
    return "".join(secrets.choice(_PAD_ALPHABET) for _ in range(n))


def key_candidates(spec: str) -> tuple[bytes, ...]:
    """The AES keys a configured key string may mean; ValueError if it can mean none."""
    s = spec.strip()
    lowered = s.lower()
    if lowered.startswith("hex:"):
        h = s[4:]
        if len(h) in (32, 48, 64) and set(h) <= _HEXDIGITS:
            return (bytes.fromhex(h),)
        raise ValueError("a hex: key needs 32, 48 or 64 hex digits")
    if lowered.startswith("ascii:"):
        a = s[6:]
        if len(a) in (16, 24, 32) and a.isascii():
            return (a.encode("ascii"),)
        raise ValueError("an ascii: key needs 16, 24 or 32 characters")
    found: list[bytes] = []
    if len(s) in (16, 24, 32) and s.isascii():
        found.append(s.encode("ascii"))
    if len(s) in (32, 48, 64) and set(s) <= _HEXDIGITS:
        found.append(bytes.fromhex(s))
    if not found:
        raise ValueError("a DC-09 key is 16, 24 or 32 characters, or 32, 48 or 64 hex digits")
    return tuple(found)


def crypto_available() -> bool:
    try:
        import cryptography.hazmat.primitives.ciphers  # noqa: F401
    except ImportError:
        return False
    return True


def _cipher(key: bytes) -> Cipher[modes.CBC]:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    return Cipher(algorithms.AES(key), modes.CBC(_ZERO_IV))


def encrypt_hex(plain: str, key: bytes) -> str:
    """Uppercase hex of ``plain`` encrypted; ``plain`` must already fill whole blocks."""
    data = plain.encode("latin-1")
    if len(data) % 16:
        raise ValueError("plain text must be padded to a multiple of 16 bytes")
    enc = _cipher(key).encryptor()
    return (enc.update(data) + enc.finalize()).hex().upper()


def decrypt_hex(text: str, key: bytes) -> str | None:
    """The plain text, or None when ``text`` is not whole blocks of hex or decrypts to
    something that is not printable ASCII (a wrong key)."""
    try:
        data = bytes.fromhex(text)
    except ValueError:
        return None
    if not data or len(data) % 16:
        return None
    dec = _cipher(key).decryptor()
    plain = dec.update(data) + dec.finalize()
    if any(b < 0x20 or b > 0x7E for b in plain):
        return None
    return plain.decode("ascii")


def pad_block(content: str, pad_source: PadSource = random_pad) -> str:
    """Random characters in front of ``content`` up to a whole number of AES blocks."""
    return pad_source(-len(content) % 16) + content
