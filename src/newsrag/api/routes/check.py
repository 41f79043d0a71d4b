"""Claim checks: is a claim supported by the articles, one article, or the sources sent with it?

The checker is a small cross-encoder on CPU (about 0.1 s a pair), so it takes no turn at the
generator's gate; FastAPI runs this sync route on its thread pool.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from ...answer.factcheck import CheckerUnavailable, UnknownArticle, check_claim
from ...ingest.article import valid_article_id
from ..deps import ComponentsDep, ReadAccess, SettingsDep
from ..schemas import CheckCreate, CheckPublic, errors
from .answers import checked_question

router = APIRouter(tags=["check"], dependencies=[ReadAccess], responses=errors(404))


@router.post("/v1/check")
def check(body: CheckCreate, c: ComponentsDep, settings: SettingsDep) -> CheckPublic:
    """Each sentence of the claim: `supported`, `contradicted` or `not_found`, with the evidence
    (best first) and the checker's P(supported)."""
    claim = checked_question(body.claim, settings, "claim")
    if body.article_id is not None and not valid_article_id(body.article_id):
        raise HTTPException(404, "no article with that id (ids are 1-128 letters, digits, '.', '_', '-')")
    try:
        doc = check_claim(c, claim, body.sources, body.article_id)
    except UnknownArticle as e:
        raise HTTPException(404, e.args[0]) from None
    except CheckerUnavailable as e:
        raise HTTPException(503, str(e), headers={"Retry-After": "30"}) from None
    except ValueError as e:  # a claim of punctuation only has no sentence to check
        raise HTTPException(422, str(e)) from None
    return CheckPublic.model_validate(doc)
