"""The audit key: a secret kept outside the database, with which every new audit entry is signed.

With it the audit chain is keyed (HMAC-SHA256, scheme 2 in :mod:`clinic_desktop.services.audit`): someone
who has only the database file cannot rewrite an entry and recompute the ones after it.

Where the key lives, first match wins:

1. ``CLINIC_DESKTOP_AUDIT_KEY_FILE`` names a file (for a PostgreSQL server shared by several workstations:
   the same key file, copied once to each PC, or on a share only staff accounts can read; see
   docs/security.md). Created there (owner-only) if it does not exist yet.
2. the user's keyring (``keyring``: Windows Credential Manager, macOS Keychain, Secret Service), when a
   real backend is available and no ``CLINIC_DESKTOP_HOME`` override is set (a portable or test install
   keeps its key with its data folder);
3. ``audit.key`` in the data folder, readable by its owner only (0600 on POSIX).

A key is 32 random bytes (``secrets.token_bytes``), stored as 64 hex digits. Its *key id* (16 hex digits,
an HMAC of a fixed label, so it reveals nothing of the key) names it in messages, so two workstations can
compare that they hold the same key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from clinic_desktop import paths

log = logging.getLogger(__name__)

ENV_KEY_FILE = "CLINIC_DESKTOP_AUDIT_KEY_FILE"
KEY_FILENAME = "audit.key"
KEYRING_SERVICE = "clinic-desktop"
KEYRING_NAME = "audit-key"
_ID_LABEL = b"clinic-desktop audit key id v1"


@dataclass(frozen=True)
class AuditKey:
    """A loaded key: ``secret`` (32 bytes), ``key_id`` (16 hex digits) and ``where`` (for messages)."""

    secret: bytes
    where: str

    @property
    def key_id(self) -> str:
        """Public identifier of the key (HMAC-SHA256 of a fixed label, first 16 hex digits)."""
        return key_id_of(self.secret)

    def sign(self, data: bytes) -> str:
        """HMAC-SHA256 of ``data`` under this key, as 64 hex digits."""
        return hmac.new(self.secret, data, hashlib.sha256).hexdigest()


def key_id_of(secret: bytes) -> str:
    """The key id of ``secret`` (16 hex digits)."""
    return hmac.new(secret, _ID_LABEL, hashlib.sha256).hexdigest()[:16]


_lock = threading.Lock()
_cache: dict[str, AuditKey] = {}


def _parse(text: str) -> bytes | None:
    text = text.strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        return None
    return secret if len(secret) >= 32 else None


def _real_keyring():  # noqa: ANN202 (keyring backend or None)
    """The keyring backend to use, or None (no real backend, or an override folder is in use)."""
    if os.environ.get(paths.ENV_HOME, "").strip():
        return None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) < 1:
            return None
        return backend
    except Exception:  # no keyring module, or a broken backend: fall back to the owner-only file
        log.info("no usable keyring; the audit key is kept in the data folder", exc_info=True)
        return None


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _from_file(path: Path, create: bool) -> AuditKey | None:
    if path.exists():
        secret = _parse(path.read_text(encoding="ascii", errors="replace"))
        if secret is None:
            log.error("the audit key file %s is not a key (64 hex digits expected)", path)
            return None
        return AuditKey(secret, str(path))
    if not create:
        return None
    secret = secrets.token_bytes(32)
    try:
        _write_private(path, secret.hex())
    except FileExistsError:  # another process made it a moment ago: use theirs
        return _from_file(path, create=False)
    log.info("new audit key created in %s", path)
    return AuditKey(secret, str(path))


def _location() -> str:
    env = os.environ.get(ENV_KEY_FILE, "").strip()
    if env:
        return "file:" + str(Path(env).expanduser())
    if _real_keyring() is not None:
        return "keyring:"
    return "file:" + str(paths.data_dir() / KEY_FILENAME)


def load_key(*, create: bool = False) -> AuditKey | None:
    """The audit key from the first place listed in the module notes; None when there is none.

    ``create`` makes a new key there when none exists yet (the first audit entry of a new install).
    Never raises for a missing or unreadable key: that is reported by the chain check, not hidden.
    """
    where = _location()
    with _lock:
        cached = _cache.get(where)
        if cached is not None:
            return cached
        key: AuditKey | None = None
        try:
            if where == "keyring:":
                backend = _real_keyring()
                stored = backend.get_password(KEYRING_SERVICE, KEYRING_NAME) if backend else None
                secret = _parse(stored) if stored else None
                if secret is None and create and backend is not None:
                    secret = secrets.token_bytes(32)
                    backend.set_password(KEYRING_SERVICE, KEYRING_NAME, secret.hex())
                key = AuditKey(secret, "the user's keyring") if secret else None
            else:
                key = _from_file(Path(where.removeprefix("file:")), create)
        except OSError:
            log.exception("the audit key at %s cannot be read or written", where)
            key = None
        except Exception:  # keyring backends raise their own errors
            log.exception("the keyring refused the audit key")
            key = None
        if key is not None:
            _cache[where] = key
        return key


def forget_cached_keys() -> None:
    """Drop keys held in memory (after the key file is replaced, and in tests)."""
    with _lock:
        _cache.clear()


def key_file_path() -> Path | None:
    """The key file in use, or None when the key is in the keyring."""
    where = _location()
    return None if where == "keyring:" else Path(where.removeprefix("file:"))

