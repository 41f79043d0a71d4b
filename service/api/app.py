"""The HTTP service: an app factory that takes its settings and how to build its components.

Routes stay thin: they validate input, call a component, and shape the JSON. Every error is JSON
with a message that says what is wrong; nothing a client sends produces a stack trace.
"""

from __future__ import annotations

import datetime as dt
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..components import Components, ComponentsFactory, build_components
from ..settings import Settings, apply_offline_environment


class SearchRequest(BaseModel):
    query: str = Field(min_length=1, max_length=2000)
    k: int = Field(10, ge=1, le=200)
    article_ids: list[str] | None = None
    outlet: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class HitPublic(BaseModel):
    article_id: str
    sentence_id: str
    text: str
    score: float


class SearchPublic(BaseModel):
    hits: list[HitPublic]


def get_components(request: Request) -> Components:
    return request.app.state.components


ComponentsDep = Annotated[Components, Depends(get_components)]


def create_app(settings: Settings, factory: ComponentsFactory = build_components) -> FastAPI:
    apply_offline_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        c = factory(settings)
        # Load the embedder and open the store before taking traffic; a missing model stops
        # start-up here with the reason, instead of failing the first request.
        c.store.ping()
        _ = c.embedder
        _ = c.generator  # never a fallback: no real generator, no service (GeneratorUnavailable says why)
        app.state.components = c
        yield

    app = FastAPI(title="newsrag", version="0.1.0", lifespan=lifespan)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "details": problems}, status_code=422)

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz(c: ComponentsDep) -> JSONResponse:
        try:
            c.store.ping()
        except Exception as e:
            return JSONResponse({"ready": False, "reason": f"store: {e}"}, status_code=503)
        return JSONResponse({"ready": True})

    @app.get("/v1/articles")
    def list_articles(c: ComponentsDep) -> list[dict]:
        return [a.summary() for a in sorted(c.store.articles(), key=lambda a: a.id)]

    @app.get("/v1/articles/{article_id}")
    def get_article(article_id: str, c: ComponentsDep) -> dict:
        article = c.store.article(article_id)
        if article is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return article.public()

    @app.post("/v1/search")
    def search(body: SearchRequest, c: ComponentsDep) -> SearchPublic:
        from ..retrieve.hybrid import SearchFilter

        if not body.query.strip():
            raise HTTPException(422, "query is empty")
        flt = SearchFilter(article_ids=body.article_ids, outlet=body.outlet,
                           date_from=body.date_from, date_to=body.date_to)
        hits = c.retriever.search(body.query, k=body.k, flt=flt)
        return SearchPublic(hits=[HitPublic(**h.public()) for h in hits])

    return app
