"""`newsrag serve`: the HTTP service over the same components as the other commands."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import components, require_generator


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Bind address (default from settings).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default from settings).")] = None,
) -> None:
    """Run the HTTP service."""
    import uvicorn

    from ..api.app import create_app

    c = components(ctx)
    require_generator(c)  # refuse to start, saying why, before binding the port
    settings = c.settings
    app = create_app(settings, factory=lambda _settings: c)
    config = uvicorn.Config(app, host=host or settings.host, port=port or settings.port)
    stopping_server(config, app).run()


def stopping_server(config, app):
    """uvicorn, whose SIGTERM / Ctrl-C first stops the running generations: it waits for running
    requests to finish before it exits, and a summary would otherwise run on for minutes."""
    import uvicorn

    from ..api.app import stop_generating

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            stop_generating(app)
            super().handle_exit(sig, frame)

    return Server(config)


COMMANDS = (serve,)
