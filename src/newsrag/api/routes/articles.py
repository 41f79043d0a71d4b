"""Articles: list, show, ingest one (JSON or an uploaded file), delete, and the cached summary."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from ...components import Components
from ...ingest.article import slugify, valid_article_id
from ...ingest.loaders import Rejected, Source, decode, short_hash, source_from_bytes
from ..deps import ComponentsDep, GateDep, ReadAccess, SettingsDep, WriteAccess
from ..generation import generate
from ..schemas import ArticleCreate, IngestPublic, errors

router = APIRouter(tags=["articles"], responses=errors(400, 403, 404, 415, 429, 504))

# Ingest and delete each rewrite the story clusters over all articles: one at a time.
_writes = threading.Lock()

_UPLOAD_FIELDS = ("id", "title", "url", "published", "outlet")
_CREATE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleCreate.model_json_schema()},
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"},
                               **{name: {"type": "string"} for name in _UPLOAD_FIELDS}}}},
        },
    }
}


def _existing(c: Components, article_id: str):
    if not valid_article_id(article_id):
        raise HTTPException(404, "no article with that id (ids are 1-128 letters, digits, '.', '_', '-')")
    article = c.store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article


@router.get("/v1/articles", dependencies=[ReadAccess])
def list_articles(c: ComponentsDep) -> list[dict]:
    return [a.summary() for a in sorted(c.store.articles(), key=lambda a: a.id)]


@router.get("/v1/articles/{article_id}", dependencies=[ReadAccess])
def get_article(article_id: str, c: ComponentsDep) -> dict:
    """Cleaned sentences (with ids that citations point at) and the text cleaning removed."""
    return _existing(c, article_id).public()


@router.get("/v1/articles/{article_id}/summary", dependencies=[ReadAccess])
async def get_summary(article_id: str, c: ComponentsDep, gate: GateDep,
                      refresh: Annotated[bool, Query(description="Write it again, replacing the cache.")] = False
                      ) -> dict:
    article = await run_in_threadpool(_existing, c, article_id)
    if not refresh and (cached := await run_in_threadpool(c.summarizer.cached, article)) is not None:
        return cached.public()  # no turn at the generator needed
    result = await generate(gate, lambda: c.summarizer.summarize(article, refresh=refresh))
    return result.public()


@router.post("/v1/articles", dependencies=[WriteAccess], status_code=201, openapi_extra=_CREATE_BODY,
             responses={200: {"description": "Updated, or unchanged"}, 201: {"description": "Added"}})
async def create_article(request: Request, response: Response, c: ComponentsDep,
                         settings: SettingsDep) -> IngestPublic:
    """Ingest one article: JSON `{text, id?, title?, url?, published?, outlet?}`, or a form upload
    with a `file` (.txt, .md, .html) and the same optional fields."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        source = _from_json(await request.body())
    elif kind == "multipart/form-data":
        source = await _from_upload(request, settings.max_article_bytes)
    else:
        raise HTTPException(415, "send the article as application/json or as a multipart/form-data upload")
    if isinstance(source, Rejected):
        raise HTTPException(422, f"article not accepted: {source.reason}")
    if len(source.text.encode()) > settings.max_article_bytes:
        raise HTTPException(413, f"the article is over the limit of {settings.max_article_bytes} bytes")

    def ingest():
        with _writes:
            return c.ingestor.ingest([source])

    report = await run_in_threadpool(ingest)
    if report.rejected:
        raise HTTPException(422, f"article not accepted: {report.rejected[0].reason}")
    status = "added" if report.added else "updated" if report.updated else "unchanged"
    response.status_code = 201 if status == "added" else 200
    article = await run_in_threadpool(c.store.article, source.article_id)
    return IngestPublic(id=source.article_id, status=status, article=article.summary())


@router.delete("/v1/articles/{article_id}", dependencies=[WriteAccess])
def delete_article(article_id: str, c: ComponentsDep) -> dict:
    _existing(c, article_id)
    with _writes:
        if not c.ingestor.delete(article_id):
            raise HTTPException(404, f"no article with id {article_id!r}")
    return {"deleted": article_id}


def _from_json(raw: bytes) -> Source:
    try:
        body = ArticleCreate.model_validate_json(raw)
    except ValidationError as e:
        raise RequestValidationError(e.errors(include_url=False, include_context=False)) from None
    if not body.text.strip():
        raise HTTPException(422, "`text` is empty")
    checked = decode(body.text.encode(), "`text`")  # the same checks as a file: no binary, no control runs
    if isinstance(checked, Rejected):
        raise HTTPException(422, f"article not accepted: {checked.reason}")
    if body.id is not None and not valid_article_id(body.id):
        raise HTTPException(422, "`id` must be 1-128 characters of letters, digits, '.', '_' or '-'")
    article_id = body.id or f"{slugify(body.title or '') or 'article'}-{short_hash(body.text)}"
    return Source(origin="request", article_id=article_id, text=body.text, title=body.title, url=body.url,
                  published=body.published, outlet=body.outlet)


async def _from_upload(request: Request, max_bytes: int) -> Source | Rejected:
    try:
        form = await request.form(max_files=1, max_fields=len(_UPLOAD_FIELDS))
    except StarletteHTTPException:  # the body limit
        raise
    except Exception as e:  # a malformed multipart body
        raise HTTPException(400, f"could not read the form upload: {e}") from None
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise HTTPException(422, "the form needs a `file` field with the article")
    data = await upload.read(max_bytes + 1)  # never more than the limit plus one byte
    if len(data) > max_bytes:
        raise HTTPException(413, f"the file is over the limit of {max_bytes} bytes")
    source = source_from_bytes(data, upload.filename or "article.txt", origin=upload.filename or "upload")
    if isinstance(source, Rejected):
        return source
    fields = {}
    for name in _UPLOAD_FIELDS:
        value = form.get(name)
        if value is not None and not isinstance(value, str):
            raise HTTPException(422, f"`{name}` must be a text field")
        fields[name] = value.strip() if value and value.strip() else None
    if fields["id"] is not None:
        if not valid_article_id(fields["id"]):
            raise HTTPException(422, "`id` must be 1-128 characters of letters, digits, '.', '_' or '-'")
        source.article_id = fields["id"]
    for name in ("title", "url", "published", "outlet"):
        if fields[name]:
            setattr(source, name, fields[name])
    return source
