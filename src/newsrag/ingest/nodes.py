"""llama-index nodes: one per body sentence, the unit that answers cite.

Citations must point at exact source sentences, so the node parser does not re-chunk text: it turns
an article Document (one cleaned body sentence per line) into one TextNode per sentence, carrying the
sentence id and the article metadata that retrieval filters on. Captions are never nodes: they are
never evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from llama_index.core.node_parser import NodeParser
from llama_index.core.schema import BaseNode, Document, NodeRelationship, TextNode

from .article import Article


class SentenceNodeParser(NodeParser):
    """Splits a Document whose text holds one sentence per line and whose `sentence_ids` metadata
    names them (comma-separated, same order) into one node per sentence."""

    def _parse_nodes(self, nodes: Sequence[BaseNode], show_progress: bool = False, **kwargs: Any) -> list[BaseNode]:
        out: list[BaseNode] = []
        for doc in nodes:
            meta = dict(doc.metadata)
            ids = meta.pop("sentence_ids").split(",")
            texts = doc.get_content().split("\n")
            for sid, text in zip(ids, texts, strict=True):
                node = TextNode(id_=f"{sid}@{meta['content_hash'][:8]}", text=text,
                                metadata={**meta, "sentence_id": sid})
                node.relationships[NodeRelationship.SOURCE] = doc.as_related_node_info()
                out.append(node)
        return out


def article_document(article: Article, published: int) -> Document:
    body = article.body
    return Document(
        id_=article.id,
        text="\n".join(s.text for s in body),
        metadata={
            "article_id": article.id,
            "content_hash": article.content_hash,
            "outlet": article.outlet or "",
            "published": published,  # yyyymmdd, 0 when unknown: Chroma metadata cannot be null
            "sentence_ids": ",".join(s.id for s in body),
        },
    )


def sentence_nodes(article: Article, vectors: np.ndarray, published: int) -> list[BaseNode]:
    parser = SentenceNodeParser(include_metadata=False, include_prev_next_rel=False)
    nodes = parser.get_nodes_from_documents([article_document(article, published)])
    if len(nodes) != len(vectors):
        raise ValueError(f"{article.id}: {len(nodes)} sentences but {len(vectors)} vectors")
    for node, vec in zip(nodes, vectors, strict=True):
        node.embedding = vec.tolist()
    return nodes
