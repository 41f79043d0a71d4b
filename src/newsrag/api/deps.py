"""Dependencies the routes declare: the components, their settings, the generator gate, the
background summaries, and the two API keys. The settings are the ones the components carry: an app has one Settings object."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from pydantic import SecretStr

from ..components import Components
from ..settings import Settings
from .background import BackgroundSummaries
from .gate import GenerationGate


def get_components(request: Request) -> Components:
    return request.app.state.components


def get_settings(request: Request) -> Settings:
    return request.app.state.components.settings


def get_gate(request: Request) -> GenerationGate:
    return request.app.state.gate


def get_summaries(request: Request) -> BackgroundSummaries:
    return request.app.state.summaries


ComponentsDep = Annotated[Components, Depends(get_components)]
SummariesDep = Annotated[BackgroundSummaries, Depends(get_summaries)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
GateDep = Annotated[GenerationGate, Depends(get_gate)]


def _bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _matches(token: str | None, key: SecretStr | None) -> bool:
    # compare_digest: the time taken does not tell an attacker how much of the key was right.
    return token is not None and key is not None and hmac.compare_digest(
        token.encode(), key.get_secret_value().encode())


_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def require_write(request: Request, settings: SettingsDep) -> None:
    if settings.api_key is None:
        raise HTTPException(403, "writes are turned off: set NEWSRAG_API_KEY to enable them")
    token = _bearer(request)
    if token is None:
        raise HTTPException(401, "this endpoint needs `Authorization: Bearer <API key>`", headers=_CHALLENGE)
    if not _matches(token, settings.api_key):
        raise HTTPException(401, "the API key is not valid", headers=_CHALLENGE)


def require_read(request: Request, settings: SettingsDep) -> None:
    if settings.read_api_key is None:
        return
    token = _bearer(request)
    if token is None:
        raise HTTPException(401, "reads need `Authorization: Bearer <read key>`", headers=_CHALLENGE)
    if not (_matches(token, settings.read_api_key) or _matches(token, settings.api_key)):
        raise HTTPException(401, "the API key is not valid", headers=_CHALLENGE)


WriteAccess = Depends(require_write)
ReadAccess = Depends(require_read)
