"""newsrag: cited, verified answers and summaries over (Indonesian) news articles.

Importing this package is cheap on purpose: torch, transformers, chromadb and llama-index are
imported inside the components that need them, so `newsrag --help` answers instantly.
"""

__version__ = "0.1.0"
