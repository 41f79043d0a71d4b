"""The HTTP service: an app factory that takes its settings and how to build its components.

A request goes: route (validates, checks the API key) -> component (retriever, answerer,
summarizer, ingestor) -> store / embedder / generator. Routes that generate take a turn at the
`GenerationGate` first. Every error is JSON `{"error": ...}` with a message that says what is
wrong; nothing a client sends produces a stack trace.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..components import ComponentsFactory, build_components
from ..settings import Settings, apply_offline_environment
from ..store import StoreUnavailable
from .deps import ComponentsDep
from .gate import Busy, GenerationGate
from .generation import as_http
from .limits import BodyLimit
from .routes import answers, articles, check, openai
from .routes.openai import OPENAI_ROUTES
from .schemas import errors

log = logging.getLogger("newsrag.api")
STATIC = Path(__file__).parent / "static"
# Multipart framing around an article of max_article_bytes.
_FORM_OVERHEAD = 64 * 1024


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


def create_app(settings: Settings, factory: ComponentsFactory = build_components) -> FastAPI:
    apply_offline_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        c = factory(settings)
        # Load the models and open the store before taking traffic: a missing model stops start-up
        # here with the reason, instead of failing the first request.
        c.store.ping()
        _ = c.embedder
        _ = c.generator  # never a fallback: no real generator, no service (GeneratorUnavailable says why)
        app.state.components = c
        app.state.gate = GenerationGate(queue_size=settings.queue_size, wait_s=settings.queue_wait_s)
        yield

    app = FastAPI(title="newsrag", version="0.1.0", lifespan=lifespan,
                  responses=errors(401, 413, 422, 500, 503),
                  description="Cited, verified answers and English summaries over news articles.")
    app.state.settings = settings
    app.add_middleware(BodyLimit, max_bytes=settings.max_article_bytes + _FORM_OVERHEAD)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(request, exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return error(request, 422, "invalid request", details=problems)

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> JSONResponse:
        return error(request, exc.status, exc.message, headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(StoreUnavailable)
    async def store_down(request: Request, exc: StoreUnavailable) -> JSONResponse:
        # Nothing was changed: a write stopped midway is finished by the store's journal later.
        http = as_http(exc)
        return error(request, http.status_code, str(http.detail), headers=http.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled %s: %s", type(exc).__name__, exc)
        return error(request, 500, "internal error; the server log has the details")

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"])
    def readyz(c: ComponentsDep) -> JSONResponse:
        """Models loaded and the store reachable; 503 with the reason otherwise."""
        try:
            c.store.ping()
        except Exception as e:
            return JSONResponse({"ready": False, "reason": f"store unreachable: {e}"}, status_code=503)
        loaded = {"embedder", "generator"} - set(vars(c))
        if loaded:
            return JSONResponse({"ready": False, "reason": f"not loaded: {', '.join(sorted(loaded))}"},
                                status_code=503)
        return JSONResponse({"ready": True, "embedder": c.embedder.model_id, "generator": c.generator.model_id})

    app.include_router(articles.router)
    app.include_router(answers.router)
    app.include_router(check.router)
    app.include_router(openai.router)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
