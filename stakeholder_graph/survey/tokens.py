"""Invitation tokens: unguessable, stored only as hashes, with an expiry.

A token is 32 random bytes from :mod:`secrets` (256 bits, URL-safe base64). The survey folder
keeps only its SHA-256 hash, so a copy of the folder does not let anyone answer in an
organization's name; the clear token exists only in the link handed to the respondent. Lookups
compare hashes with :func:`hmac.compare_digest`.

Example
-------
>>> token = new_token()
>>> len(token) >= 43 and token_hash(token) != token
True
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import pandas as pd

from stakeholder_graph.errors import InputError

TOKEN_BYTES = 32


def new_token() -> str:
    """A fresh URL-safe token of :data:`TOKEN_BYTES` random bytes."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The hex SHA-256 of ``token`` — what the survey folder stores."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Invite:
    """One respondent's invitation (as stored: the token only as its hash).

    ``respondent`` is the organization id, or ``ORG#N`` for the N-th named contact of an
    organization; answers are recorded in the organization's name either way.
    """

    hash: str
    respondent: str
    organization: str
    contact: str
    email: str
    wave: str
    language: str
    created: str
    expires: str

    def expired(self, now: datetime) -> bool:
        """True when ``now`` (UTC) is past the expiry."""
        return now >= datetime.fromisoformat(self.expires)

    def as_dict(self) -> dict[str, str]:
        """Plain dict for the JSON file."""
        return asdict(self)


def find_invite(invites: dict[str, Invite], token: str) -> Invite | None:
    """The invite whose stored hash matches ``token`` (constant-time comparison), or None."""
    digest = token_hash(token)
    invite = invites.get(digest)
    if invite is None or not hmac.compare_digest(invite.hash, digest):
        return None
    return invite


def make_invites(
    organizations: pd.DataFrame,
    wave: str,
    language: str,
    now: datetime,
    days: int,
    contacts: pd.DataFrame | None = None,
    contacts_label: str = "contacts.csv",
) -> list[tuple[Invite, str]]:
    """One ``(invite, clear token)`` per organization, or per contact when ``contacts`` is given.

    Parameters
    ----------
    organizations:
        The dataset's organizations (``id``, ``name``).
    wave, language:
        The survey wave and the language of the form and the invitation text.
    now, days:
        Creation time (UTC) and validity in days.
    contacts:
        Optional frame with ``organization`` and ``name`` (and ``email``): one invite per row;
        organizations without a contact get none. ``contacts_label`` names it in messages.

    Raises
    ------
    InputError
        When a contact names an unknown organization.
    """
    expires = (now + timedelta(days=days)).isoformat(timespec="seconds")
    created = now.isoformat(timespec="seconds")
    if contacts is None:
        people = pd.DataFrame(
            {"organization": organizations["id"], "name": "", "email": ""}, dtype=object
        )
    else:
        people = contacts
        unknown = ~people["organization"].isin(organizations["id"])
        if unknown.any():
            lines = [
                f"{contacts_label}:{i + 2}: column organization: unknown organization '{v}'"
                for i, v in zip(
                    unknown.to_numpy().nonzero()[0], people["organization"][unknown], strict=True
                )
            ]
            raise InputError("the contacts name organizations not in the dataset", lines)
    number = people.groupby("organization").cumcount() + 1
    out: list[tuple[Invite, str]] = []
    for org, name, email, n in zip(
        people["organization"], people["name"], people["email"], number, strict=True
    ):
        token = new_token()
        respondent = org if contacts is None else f"{org}#{n}"
        invite = Invite(
            token_hash(token), respondent, org, name, email, wave, language, created, expires
        )
        out.append((invite, token))
    return out
