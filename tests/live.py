"""A real uvicorn server on a free loopback port, for clients that speak HTTP (shared with bench/)."""

from newsrag.bench.loopback import free_port, serve

__all__ = ["free_port", "serve"]
