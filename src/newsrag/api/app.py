"""The HTTP service: an app factory that takes its settings and how to build its components.

A request goes: route (validates, checks the API key) -> component (retriever, answerer,
summarizer, ingestor) -> store / embedder / generator. Routes that generate take a turn at the
`GenerationGate` first. Every error is JSON `{"error": ...}` with a message that says what is
wrong; nothing a client sends produces a stack trace.

The app has one Settings object: the components are built from it and carry it, and the routes
read it there (`deps.get_settings`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..components import Components, ComponentsFactory, build_components
from ..settings import Settings, apply_offline_environment
from ..store import StoreUnavailable
from .background import BackgroundSummaries
from .gate import Busy, GenerationGate
from .generation import as_http
from .limits import BodyLimit
from .openai_schemas import CHAT_EVENTS
from .routes import answers, articles, check, health, openai
from .routes.openai import OPENAI_ROUTES
from .schemas import ASK_EVENTS, REF, errors

log = logging.getLogger("newsrag.api")
STATIC = Path(__file__).parent / "static"
# Multipart framing around an article of max_article_bytes.
_FORM_OVERHEAD = 64 * 1024


def create_app(settings: Settings, factory: ComponentsFactory = build_components) -> FastAPI:
    apply_offline_environment()
    app = FastAPI(title="newsrag", version="0.1.0", lifespan=_lifespan(settings, factory),
                  responses=errors(401, 413, 422, 500, 503),
                  description="Cited, verified answers and English summaries over news articles.")
    app.add_middleware(BodyLimit, max_bytes=settings.max_article_bytes + _FORM_OVERHEAD)
    _handle_errors(app)
    for router in (health.router, articles.router, answers.router, check.router, openai.router):
        app.include_router(router)
    _serve_page(app)
    _document_streams(app)
    return app


def _lifespan(settings: Settings, factory: ComponentsFactory
              ) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.components = c = start_components(settings, factory)
        app.state.gate = gate = GenerationGate(queue_size=settings.queue_size, wait_s=settings.queue_wait_s)
        app.state.summaries = BackgroundSummaries(c, gate, enabled=settings.summarize_in_background)
        filling = asyncio.create_task(app.state.summaries.run(), name="newsrag-background-summaries")
        yield
        gate.stop()  # a summary still being written stops at its next token
        filling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await filling  # its errors are its own: each is logged where it happens

    return lifespan


def stop_generating(app: FastAPI) -> None:
    """The server is going down: running generations stop at their next token, new ones get 503."""
    gate = getattr(app.state, "gate", None)  # none before start-up has finished
    if gate is not None:
        gate.stop()


def start_components(settings: Settings, factory: ComponentsFactory) -> Components:
    """`factory(settings)`, ready to take traffic: the models loaded and the store open, so that a
    missing model stops start-up here with the reason instead of failing the first request."""
    c = factory(settings)
    if c.settings != settings:  # two Settings in one app: the routes would obey one, the middleware the other
        changed = sorted(name for name in Settings.model_fields if getattr(c.settings, name) != getattr(settings, name))
        raise ValueError(f"the components carry other settings than the app was given ({', '.join(changed)}): "
                         "the factory must build them from the settings it is passed")
    c.store.ping()
    _ = c.embedder
    _ = c.generator  # never a fallback: no real generator, no service (GeneratorUnavailable says why)
    return c


# -- errors: JSON with a message, in OpenAI's shape on its routes ------------------------------
def error(request: Request, status: int, message: str, *, details: list[str] | None = None,
          headers: dict[str, str] | None = None) -> JSONResponse:
    """`{"error": message}`; on the OpenAI-compatible routes, OpenAI's shape, so that its clients
    show the message instead of a bare status code."""
    if request.url.path in OPENAI_ROUTES:
        kind = "invalid_request_error" if status < 500 else "server_error"
        text = f"{message}: {'; '.join(details)}" if details else message
        body: dict = {"error": {"message": text, "type": kind, "code": status}}
    else:
        body = {"error": message, **({"details": details} if details else {})}
    return JSONResponse(body, status_code=status, headers=headers)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return error(request, exc.status_code, str(exc.detail), headers=exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    return error(request, 422, "invalid request", details=problems)


async def _busy(request: Request, exc: Busy) -> JSONResponse:
    return error(request, exc.status, exc.message, headers={"Retry-After": str(exc.retry_after)})


async def _store_down(request: Request, exc: StoreUnavailable) -> JSONResponse:
    # Nothing was changed: a write stopped midway is finished by the store's journal later.
    http = as_http(exc)
    return error(request, http.status_code, str(http.detail), headers=http.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled %s: %s", type(exc).__name__, exc)
    return error(request, 500, "internal error; the server log has the details")


def _handle_errors(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Busy, _busy)
    app.add_exception_handler(StoreUnavailable, _store_down)
    app.add_exception_handler(Exception, _unexpected)


# -- the chat page and the schema --------------------------------------------------------------
def _serve_page(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")


def _document_streams(app: FastAPI) -> None:
    """Add the streamed events' schemas to /openapi.json's components: FastAPI collects only the
    models of JSON bodies, and the `text/event-stream` responses refer to these by name."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        _, found = models_json_schema([(event, "validation") for event in ASK_EVENTS + CHAT_EVENTS],
                                      ref_template=REF)
        known = schema["components"]["schemas"]
        for name, definition in found["$defs"].items():
            known.setdefault(name, definition)  # FastAPI's own, of what the server sends, wins
        return schema

    app.openapi = openapi
