"""Staff exit: the PIN (stored only as a salted scrypt hash), the exit key sequence, and a
lockout after wrong guesses. Plain Python, no UI.

A visitor must never be able to leave the kiosk, so leaving takes two things: the staff exit
key sequence (``settings.staff_exit_key``, by default F12 three times within a few seconds with
no other key between; a visitor mashing keys does not do that, and even then only sees a PIN
prompt that closes itself) and the PIN. The settings file holds the PIN's hash only, as one
string ``scrypt$<n>$<r>$<p>$<salt>$<hash>`` (salt and hash in unpadded base64), so copying the
file does not give the PIN away; `kiosk settings set-pin` writes it. Without a PIN the sequence
alone leaves (so someone trying the bundled sample is never trapped); `kiosk check` warns that a
lobby kiosk needs a PIN.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

SCHEME = "scrypt"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
"""scrypt's cost: 16 MiB and a few tens of milliseconds per try, slow for anyone guessing."""
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 64
DEFAULT_EXIT_KEYS = "f12 f12 f12"
SEQUENCE_SECONDS = 3.0
"""The whole staff key sequence must be typed within this long."""
MAX_WRONG_PINS = 3
LOCKOUT = timedelta(minutes=5)
"""After `MAX_WRONG_PINS` wrong PINs in a row the prompt stays shut this long."""
KEY_NAME_RE = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super)\+)*(?:f(?:[1-9]|1[0-9]|2[0-4])"
                         r"|[a-z_]{2,}|[a-z0-9])$")
_B64_RE = re.compile(r"^[A-Za-z0-9+/]+$")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    if not _B64_RE.fullmatch(text):
        raise ValueError("not base64")
    return base64.b64decode(text + "=" * (-len(text) % 4))


def check_pin(pin: str) -> str | None:
    """Why `pin` cannot be a staff PIN, or None."""
    if len(pin) < MIN_PIN_LENGTH:
        return f"a PIN needs at least {MIN_PIN_LENGTH} characters"
    if len(pin) > MAX_PIN_LENGTH:
        return f"a PIN may have at most {MAX_PIN_LENGTH} characters"
    if pin != pin.strip() or any(not c.isprintable() for c in pin):
        return "a PIN cannot start or end with a space, or contain control characters"
    return None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * 1024 * 1024, dklen=HASH_BYTES)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The string stored in ``settings.staff_pin_hash`` for `pin` (a fresh salt each time)."""
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


@dataclass(frozen=True)
class PinHash:
    """A parsed ``scrypt$n$r$p$salt$hash`` string."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    @classmethod
    def parse(cls, text: str) -> PinHash:
        """Raises ValueError, saying what is wrong, for anything `hash_pin` would not write."""
        parts = text.split("$")
        if len(parts) != 6 or parts[0] != SCHEME:
            raise ValueError("is not a PIN hash like scrypt$16384$8$1$<salt>$<hash>; "
                             "set it with `kiosk settings set-pin`")
        try:
            n, r, p = (int(part) for part in parts[1:4])
            salt, digest = _unb64(parts[4]), _unb64(parts[5])
        except (ValueError, binascii.Error):
            raise ValueError("has a damaged cost, salt or hash; set the PIN again with "
                             "`kiosk settings set-pin`") from None
        if (n, r, p) != (SCRYPT_N, SCRYPT_R, SCRYPT_P):  # other costs: memory or time bombs
            raise ValueError("has scrypt costs other than "
                             f"{SCRYPT_N}${SCRYPT_R}${SCRYPT_P}, those `kiosk settings set-pin` "
                             "writes; set the PIN again with it")
        if not 8 <= len(salt) <= 64 or not 16 <= len(digest) <= 64:
            raise ValueError("has a salt or hash of the wrong length; set the PIN again with "
                             "`kiosk settings set-pin`")
        return cls(n, r, p, salt, digest)


def verify_pin(pin: str, stored: str | None) -> bool:
    """Whether `pin` is the PIN `stored` was made from (False without a usable hash)."""
    if not stored:
        return False
    try:
        parsed = PinHash.parse(stored)
    except ValueError:
        return False
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=parsed.salt, n=parsed.n, r=parsed.r,
                            p=parsed.p, maxmem=256 * 1024 * 1024, dklen=len(parsed.digest))
    return hmac.compare_digest(digest, parsed.digest)


def parse_exit_keys(text: str) -> tuple[str, ...]:
    """ "f12 f12 f12" → ("f12", "f12", "f12"); ValueError for an empty or odd sequence."""
    keys = tuple(text.split())
    if not keys:
        raise ValueError("needs one or more key names, e.g. \"f12 f12 f12\"")
    for key in keys:
        if not KEY_NAME_RE.fullmatch(key):
            raise ValueError(f"{key!r} is not a key name such as f12 or ctrl+backslash")
        if len(key) == 1 or key in ("space", "enter", "tab", "escape", "backspace"):
            raise ValueError(f"{key!r} is a key visitors use; choose a function key such "
                             "as f12, or a ctrl+ key")
    return keys


class StaffExit:
    """Follows key presses for the staff sequence and PIN tries for the lockout.

    The app feeds it every key (`key`) and every PIN typed (`try_pin`), with the clock's time.
    """

    def __init__(self, keys: str = DEFAULT_EXIT_KEYS, pin_hash: str | None = None) -> None:
        self.keys = parse_exit_keys(keys)
        self.pin_hash = pin_hash
        self._typed: list[datetime] = []
        self._wrong = 0
        self.locked_until: datetime | None = None
        self._settings_read = pin_hash is not None
        """Until settings were read (a kiosk whose file cannot be read at all), nobody can
        say there is no PIN, so the sequence leaves only with one."""

    @property
    def needs_pin(self) -> bool:
        """Without a PIN (in settings that were read) the sequence alone leaves the kiosk."""
        return bool(self.pin_hash) or not self._settings_read

    def follow(self, keys: str, pin_hash: str | None) -> None:
        """New settings: the sequence typed so far starts over if the keys changed."""
        new_keys = parse_exit_keys(keys)
        if new_keys != self.keys:
            self._typed = []
        self.keys, self.pin_hash = new_keys, pin_hash
        self._settings_read = True

    def key(self, name: str, now: datetime) -> bool:
        """Count one key press; True when it completes the sequence (and the prompt is not
        locked), so the kiosk asks for the PIN, or leaves at once when no PIN is set."""
        position = len(self._typed)
        expired = bool(self._typed) and (now - self._typed[0]).total_seconds() > SEQUENCE_SECONDS
        if expired or name != self.keys[position]:
            self._typed = []
            if name != self.keys[0]:
                return False
        self._typed.append(now)
        if len(self._typed) < len(self.keys):
            return False
        self._typed = []
        return not self.locked(now)

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def try_pin(self, pin: str, now: datetime) -> bool:
        """Check a PIN typed at the prompt; too many wrong ones in a row lock the prompt."""
        if self.locked(now):
            return False
        if verify_pin(pin, self.pin_hash):
            self._wrong = 0
            return True
        self._wrong += 1
        if self._wrong >= MAX_WRONG_PINS:
            self._wrong = 0
            self.locked_until = now + LOCKOUT
        return False
