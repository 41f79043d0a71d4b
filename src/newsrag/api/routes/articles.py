"""Articles: list, show, ingest one (JSON or an uploaded file), delete, and the cached summary.

An ingested article is read the way `newsrag ingest` reads one: a JSON body is a JSONL record
(`load_record`), an upload is a file (`load_bytes`) whose form fields are a record's fields.
"""

from __future__ import annotations

import json
import threading
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from ...components import Components
from ...ingest.article import Article, valid_article_id
from ...ingest.loaders import LoadedArticle, Rejected, load_bytes, load_record
from ..deps import ComponentsDep, GateDep, ReadAccess, SettingsDep, SummariesDep, WriteAccess
from ..generation import generate
from ..schemas import (
    ArticleCreate,
    ArticlePublic,
    ArticleSummaryPublic,
    DeletedPublic,
    IngestPublic,
    SummaryPublic,
    errors,
)

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
_CREATED = {200: {"model": IngestPublic, "description": "Updated, or unchanged"}, 201: {"description": "Added"}}


def _existing(c: Components, article_id: str) -> Article:
    if not valid_article_id(article_id):
        raise HTTPException(404, "no article with that id (ids are 1-128 letters, digits, '.', '_', '-')")
    article = c.store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article


@router.get("/v1/articles", dependencies=[ReadAccess])
def list_articles(c: ComponentsDep, summaries: SummariesDep) -> list[ArticleSummaryPublic]:
    return [ArticleSummaryPublic.model_validate({**a.summary(), "summary_status": summaries.status(a.id)})
            for a in sorted(c.store.articles(), key=lambda a: a.id)]


@router.get("/v1/articles/{article_id}", dependencies=[ReadAccess])
def get_article(article_id: str, c: ComponentsDep, summaries: SummariesDep) -> ArticlePublic:
    """Cleaned sentences (with ids that citations point at) and the text cleaning removed."""
    return ArticlePublic.model_validate({**_existing(c, article_id).public(),
                                         "summary_status": summaries.status(article_id)})


@router.get("/v1/articles/{article_id}/summary", dependencies=[ReadAccess])
async def get_summary(article_id: str, c: ComponentsDep, gate: GateDep, summaries: SummariesDep, request: Request,
                      refresh: Annotated[bool, Query(description="Write it again, replacing the cache.")] = False
                      ) -> SummaryPublic:
    article = await run_in_threadpool(_existing, c, article_id)
    if not refresh and (cached := await run_in_threadpool(c.summarizer.cached, article)) is not None:
        return SummaryPublic.model_validate(cached.public())  # no turn at the generator needed
    result = await generate(gate, request, lambda: c.summarizer.summarize(article, refresh=refresh))
    summaries.ready(article_id)
    return SummaryPublic.model_validate(result.public())


@router.post("/v1/articles", dependencies=[WriteAccess], status_code=201, openapi_extra=_CREATE_BODY,
             responses=_CREATED)
async def create_article(request: Request, response: Response, c: ComponentsDep,
                         settings: SettingsDep, summaries: SummariesDep) -> IngestPublic:
    """Ingest one article: JSON `{text, id?, title?, url?, published?, outlet?}`, or a form upload
    with a `file` (.txt, .md, .html) and the same optional fields."""
    loaded = await _read_article(request, settings.max_article_bytes)
    if len(loaded.text.encode()) > settings.max_article_bytes:
        raise HTTPException(413, f"the article is over the limit of {settings.max_article_bytes} bytes")

    def ingest():
        with _writes:
            return c.ingestor.ingest([loaded])

    report = await run_in_threadpool(ingest)
    if report.rejected:
        raise HTTPException(422, f"article not accepted: {report.rejected[0].reason}")
    status = "added" if report.added else "updated" if report.updated else "unchanged"
    response.status_code = 201 if status == "added" else 200
    if status != "unchanged":
        summaries.add([loaded.article_id])
    article = await run_in_threadpool(c.store.article, loaded.article_id)
    return IngestPublic(id=loaded.article_id, status=status, article=ArticleSummaryPublic.model_validate(
        {**article.summary(), "summary_status": summaries.status(loaded.article_id)}))


@router.delete("/v1/articles/{article_id}", dependencies=[WriteAccess])
def delete_article(article_id: str, c: ComponentsDep, summaries: SummariesDep) -> DeletedPublic:
    _existing(c, article_id)
    with _writes:
        if not c.ingestor.delete(article_id):
            raise HTTPException(404, f"no article with id {article_id!r}")
    summaries.forget(article_id)
    return DeletedPublic(deleted=article_id)


async def _read_article(request: Request, max_bytes: int) -> LoadedArticle:
    """The article in a JSON body or a form upload; 415 for anything else, 422 with the reason
    when it is not acceptable."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        loaded = _from_json(await request.body())
    elif kind == "multipart/form-data":
        loaded = await _from_upload(request, max_bytes)
    else:
        raise HTTPException(415, "send the article as application/json or as a multipart/form-data upload")
    if isinstance(loaded, Rejected):
        raise HTTPException(422, f"article not accepted: {loaded.reason}")
    return loaded


def _from_json(raw: bytes) -> LoadedArticle | Rejected:
    try:
        ArticleCreate.model_validate_json(raw)  # types, lengths and unknown fields: a 422 naming each
    except ValidationError as e:
        raise RequestValidationError(e.errors(include_url=False, include_context=False)) from None
    return load_record(raw.decode(), "request")  # refuses what a file is refused for, `\u0000` included


async def _from_upload(request: Request, max_bytes: int) -> LoadedArticle | Rejected:
    form = await _read_form(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise HTTPException(422, "the form needs a `file` field with the article")
    data = await upload.read(max_bytes + 1)  # never more than the limit plus one byte
    if len(data) > max_bytes:
        raise HTTPException(413, f"the file is over the limit of {max_bytes} bytes")
    loaded = load_bytes(data, upload.filename or "article.txt", origin=upload.filename or "upload")
    if isinstance(loaded, Rejected):
        return loaded
    # The form's fields are a record's fields, and win over what the file says (its title, its name,
    # a page's own URL, date and site name).
    record = {"text": loaded.text, "id": loaded.article_id, "title": loaded.title, "url": loaded.url,
              "published": loaded.published, "outlet": loaded.outlet, **_text_fields(form)}
    checked = load_record(json.dumps(record), loaded.origin)
    if isinstance(checked, LoadedArticle):
        checked.author, checked.removed = loaded.author, loaded.removed
    return checked


async def _read_form(request: Request) -> FormData:
    try:
        return await request.form(max_files=1, max_fields=len(_UPLOAD_FIELDS))
    except StarletteHTTPException:  # the body limit
        raise
    except Exception as e:  # noqa: BLE001 - whatever the multipart parser raises, the body is malformed
        raise HTTPException(400, f"could not read the form upload: {e}") from None


def _text_fields(form: FormData) -> dict[str, str]:
    """The optional fields given, and not blank."""
    fields = {}
    for name in _UPLOAD_FIELDS:
        value = form.get(name)
        if value is not None and not isinstance(value, str):
            raise HTTPException(422, f"`{name}` must be a text field")
        if value and value.strip():
            fields[name] = value
    return fields
