"""Liveness and readiness, for a load balancer or an orchestrator: open to everyone."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ..deps import ComponentsDep
from ..schemas import HealthPublic, NotReadyPublic, ReadyPublic

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> HealthPublic:
    """The process is up."""
    return HealthPublic(status="ok")


_NOT_READY = {503: {"model": NotReadyPublic, "description": "Not ready; the reason says why."}}


@router.get("/readyz", response_model=ReadyPublic, responses=_NOT_READY)
def readyz(c: ComponentsDep) -> ReadyPublic | JSONResponse:
    """Models loaded and the store reachable; 503 with the reason otherwise."""
    try:
        c.store.ping()
    except Exception as e:  # noqa: BLE001 - any failure of the store means not ready, with its message
        return _not_ready(f"store unreachable: {e}")
    missing = {"embedder", "generator"} - set(vars(c))  # cached_property: loaded once in vars()
    if missing:
        return _not_ready(f"not loaded: {', '.join(sorted(missing))}")
    return ReadyPublic(ready=True, embedder=c.embedder.model_id, generator=c.generator.model_id)


def _not_ready(reason: str) -> JSONResponse:
    return JSONResponse(NotReadyPublic(ready=False, reason=reason).model_dump(), status_code=503)
