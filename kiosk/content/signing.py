"""Content signed by its curator: Ed25519 keys, a signature over the content's files, the
keys a kiosk trusts (no Kivy; the cryptography is the ``cryptography`` package's).

The curator makes a key pair once (``kiosk keygen``) and signs an exhibition folder before
it leaves their machine (``kiosk sign FOLDER``): ``FOLDER/.kiosk-signature.json`` then holds
every content file's path, size and SHA-256 (the files ``kiosk update`` copies and the
fleet's fingerprint covers, ``kiosk/content/digest.py``), the public key and the time,
signed. A kiosk told to trust that public key (``kiosk trust FILE``) accepts content, from
a folder, a USB stick or the fleet's inbox, only when the signature is good, made by a key
it trusts, and every file is exactly as signed; anything else is refused naming the file,
and the live content stays. A kiosk that trusts no key accepts valid content as before.

The signature file is hidden (a dot file), so it is neither copied as content nor part of
the fingerprint it signs; ``kiosk update`` keeps it beside the version it made live.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..common.files import write_atomic, write_private
from ..common.places import kiosk_home
from .digest import FileEntry, digest_of, file_entries
from .problems import first_problems

SIGNATURE_FILE = ".kiosk-signature.json"
FORMAT = "kiosk-signature/1"
KEY_PREFIX = "kiosk-ed25519"
"""A public key as one line of text: ``kiosk-ed25519 BASE64 name``, easy to mail or paste."""
SHOWN = 8
"""How many changed files a refusal names before it says how many more."""


class SignatureError(Exception):
    """Content that is not accepted: unsigned, signed by a key not trusted, or changed after
    signing. The message names the folder, the key or the files, in a technician's words."""


def signature_stamp(folder: Path) -> str:
    """A short fingerprint of ``folder``'s signature file ("" when it has none): content signed
    again, with the same files, is new content to a kiosk that refused it unsigned."""
    try:
        return hashlib.sha256((folder / SIGNATURE_FILE).read_bytes()).hexdigest()[:12]
    except OSError:
        return ""


def signer_of(folder: Path) -> str | None:
    """Who signed the content in ``folder`` (a version ``kiosk update`` made live), as a key's
    fingerprint and name; None when it holds no readable signature."""
    try:
        return Signature.read(folder).key.describe()
    except SignatureError:
        return None


class BadKey(ValueError):
    """A key file that cannot be read as a kiosk key."""


# --- keys ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicKey:
    """A curator's public key: 32 bytes and the name given it (``Curator 2027``)."""

    raw: bytes
    name: str = ""

    @property
    def key_id(self) -> str:
        """Its fingerprint, as technicians read it aloud: ``3f2a-9c1e-77b0-d415``."""
        digest = hashlib.sha256(self.raw).hexdigest()[:16]
        return "-".join(digest[i:i + 4] for i in range(0, 16, 4))

    def line(self) -> str:
        return f"{KEY_PREFIX} {base64.b64encode(self.raw).decode('ascii')} {self.name}".rstrip()

    def verifier(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.raw)

    def describe(self) -> str:
        return f"{self.key_id} ({self.name})" if self.name else self.key_id

    @classmethod
    def parse(cls, text: str) -> "PublicKey":
        """A key line as ``kiosk keygen`` writes it (the first such line of a file)."""
        for line in text.splitlines():
            parts = line.strip().split(None, 2)
            if len(parts) >= 2 and parts[0] == KEY_PREFIX:
                try:
                    raw = base64.b64decode(parts[1], validate=True)
                except (binascii.Error, ValueError):
                    raise BadKey("the key is not valid base64") from None
                if len(raw) != 32:
                    raise BadKey(f"an Ed25519 public key has 32 bytes, this one {len(raw)}")
                return cls(raw, parts[2].strip() if len(parts) > 2 else "")
        raise BadKey(f"no '{KEY_PREFIX} ...' line: give the .pub file 'kiosk keygen' wrote")


@dataclass(frozen=True)
class KeyPair:
    """Where ``kiosk keygen`` put a key pair, and its public half."""

    private: Path
    public: Path
    key: PublicKey


def generate_keys(folder: Path, name: str, stem: str = "curator") -> KeyPair:
    """A new Ed25519 key pair: ``FOLDER/STEM.key`` (the private key, PEM, 0600 from its first
    byte) and ``FOLDER/STEM.pub`` (one line, for kiosks to trust). Never overwrites a key."""
    private_path, public_path = folder / f"{stem}.key", folder / f"{stem}.pub"
    for path in (private_path, public_path):
        if path.exists():
            raise FileExistsError(f"{path} exists already; a key is never overwritten (give another --out)")
    secret = Ed25519PrivateKey.generate()
    pem = secret.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption())
    key = PublicKey(secret.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
                    name)
    write_private(private_path, pem.decode("ascii"))
    write_atomic(public_path, (key.line() + "\n").encode("utf-8"))
    return KeyPair(private_path, public_path, key)


def load_private_key(path: Path) -> tuple[Ed25519PrivateKey, PublicKey]:
    """The signing key in ``path`` (as ``kiosk keygen`` wrote it) and its public key; the
    name comes from the .pub file beside it when there is one."""
    try:
        secret = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError):
        raise BadKey(f"{path} is not a private key written by 'kiosk keygen'") from None
    if not isinstance(secret, Ed25519PrivateKey):
        raise BadKey(f"{path} is not an Ed25519 key")
    raw = secret.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    name = ""
    try:
        beside = PublicKey.parse(path.with_suffix(".pub").read_text(encoding="utf-8"))
        if beside.raw == raw:
            name = beside.name
    except (OSError, BadKey):
        pass
    return secret, PublicKey(raw, name)


# --- signatures ----------------------------------------------------------------------------

def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Signature:
    """What a signature file says: who signed, when, and every file as it was then."""

    key: PublicKey
    signed_at: str
    files: tuple[FileEntry, ...]
    digest: str
    payload: bytes
    signature: bytes

    @classmethod
    def read(cls, folder: Path) -> "Signature":
        path = folder / SIGNATURE_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SignatureError(f"{folder} is not signed: this kiosk accepts only content signed by a curator "
                                 f"key it trusts (on the curator's machine: kiosk sign {folder.name or folder}); "
                                 f"nothing was changed") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SignatureError(f"{path} cannot be read ({exc}); nothing was changed") from None
        try:
            outer = json.loads(text)
            signed = outer["signed"]
            if signed.get("format") != FORMAT:
                raise ValueError(f"format {signed.get('format')!r}, not {FORMAT}")
            key = PublicKey.parse(signed["key"])
            files = tuple((str(p), int(s), str(h)) for p, s, h in signed["files"])
            signature = base64.b64decode(outer["signature"], validate=True)
            return cls(key, str(signed["signed_at"]), files, str(signed["digest"]), _canonical(signed), signature)
        except (ValueError, KeyError, TypeError, BadKey, binascii.Error) as exc:
            raise SignatureError(f"{path} is not a signature 'kiosk sign' wrote ({exc}); nothing was changed") from None

    def check(self) -> None:
        """The signature is the key's over what the file says (else the file was edited)."""
        try:
            self.key.verifier().verify(self.signature, self.payload)
        except InvalidSignature:
            raise SignatureError(f"the signature in {SIGNATURE_FILE} does not match what it lists: the file was "
                                 f"changed after signing; nothing was changed") from None


def sign_folder(folder: Path, secret: Ed25519PrivateKey, key: PublicKey,
                now: dt.datetime | None = None) -> Signature:
    """Sign every content file of ``folder`` as it is now, into ``FOLDER/.kiosk-signature.json``."""
    entries = file_entries(folder)
    if not entries:
        raise SignatureError(f"{folder} holds no content files to sign")
    signed = {"format": FORMAT, "key": key.line(), "signed_at": (now or dt.datetime.now(dt.timezone.utc))
              .isoformat(timespec="seconds"), "files": [list(e) for e in entries], "digest": digest_of(entries)}
    payload = _canonical(signed)
    signature = secret.sign(payload)
    document = {"signed": signed, "signature": base64.b64encode(signature).decode("ascii")}
    write_atomic(folder / SIGNATURE_FILE, (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return Signature(key, signed["signed_at"], tuple(entries), signed["digest"], payload, signature)


def differences(signature: Signature, folder: Path) -> list[str]:
    """How ``folder``'s files differ from what was signed, one line a file (empty when none)."""
    now = {path: (size, sha) for path, size, sha in file_entries(folder)}
    then = {path: (size, sha) for path, size, sha in signature.files}
    found = []
    for path in sorted(now.keys() | then.keys()):
        if path not in now:
            found.append(f"{path}: signed, but missing")
        elif path not in then:
            found.append(f"{path}: not signed (added after signing)")
        elif now[path] != then[path]:
            found.append(f"{path}: changed after signing ({'its size' if now[path][0] != then[path][0] else 'its SHA-256'}"
                         f" differs)")
    return found


# --- the keys a kiosk trusts ---------------------------------------------------------------

@dataclass(frozen=True)
class Trusted:
    key: PublicKey
    added: str
    revoked: str | None = None


class TrustedKeys:
    """The curator keys this kiosk accepts content from (``KIOSK_HOME/trusted-keys.json``,
    0600). Two can be trusted at once while a key is rotated; a revoked key is remembered,
    so content it signed is refused with a reason, not as from a stranger."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or kiosk_home() / "trusted-keys.json"

    def entries(self) -> list[Trusted]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            # unreadable trust is not a reason to accept anything: one entry nobody signs with
            raise SignatureError(f"the trusted keys in {self.path} cannot be read ({exc}); no content is accepted "
                                 f"until it is mended (kiosk trust --list)") from None
        return [Trusted(PublicKey.parse(e["key"]), e.get("added", ""), e.get("revoked")) for e in data.get("keys", [])]

    def _save(self, entries: list[Trusted]) -> None:
        data = {"keys": [{"key": t.key.line(), "key_id": t.key.key_id, "added": t.added,
                          **({"revoked": t.revoked} if t.revoked else {})} for t in entries]}
        write_private(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")

    def active(self) -> list[PublicKey]:
        return [t.key for t in self.entries() if t.revoked is None]

    @property
    def enforced(self) -> bool:
        """True once any key was ever trusted: from then on only signed content is accepted,
        even when every key has been revoked (revoking the last key never opens the kiosk)."""
        return bool(self.entries())

    def add(self, key: PublicKey, now: dt.datetime) -> bool:
        """Trust ``key``; False when it was trusted already. A revoked key is not trusted again."""
        entries = self.entries()
        for entry in entries:
            if entry.key.raw == key.raw:
                if entry.revoked:
                    raise SignatureError(f"key {key.describe()} was revoked on {entry.revoked}; a revoked key is "
                                         f"not trusted again (make a new one with kiosk keygen)")
                return False
        entries.append(Trusted(key, now.isoformat(timespec="seconds")))
        self._save(entries)
        return True

    def revoke(self, key_id: str, now: dt.datetime) -> PublicKey:
        entries = self.entries()
        wanted = key_id.strip().lower().replace(" ", "")
        matches = [e for e in entries if e.key.key_id == wanted or e.key.key_id.replace("-", "") == wanted.replace("-", "")]
        if not matches:
            raise SignatureError(f"no trusted key {key_id} (kiosk trust --list shows them)")
        found = matches[0]
        if found.revoked is None:
            entries = [Trusted(e.key, e.added, now.isoformat(timespec="seconds")) if e is found else e for e in entries]
            self._save(entries)
        return found.key

    def verify(self, folder: Path) -> Signature | None:
        """The folder's signature when this kiosk demands one and it holds: from a trusted key,
        good, every file as signed. None when no key is trusted (content is accepted as
        before). Raises ``SignatureError`` naming what is wrong."""
        entries = self.entries()
        if not entries:
            return None
        signature = Signature.read(folder)
        match = next((e for e in entries if e.key.raw == signature.key.raw), None)
        if match is None:
            raise SignatureError(f"{folder} is signed by key {signature.key.describe()}, which this kiosk does not "
                                 f"trust (kiosk trust --list shows the keys it does); nothing was changed")
        if match.revoked is not None:
            raise SignatureError(f"{folder} is signed by key {signature.key.describe()}, revoked on "
                                 f"{match.revoked}; nothing was changed")
        signature.check()
        changed = differences(signature, folder)
        if changed:
            shown = first_problems(changed, SHOWN)
            raise SignatureError(f"{folder} is not as its curator signed it ({len(changed)} "
                                 f"file{'s' * (len(changed) != 1)}); nothing was changed:\n  " + "\n  ".join(shown))
        return signature
