"""`newsrag bench`: performance figures with the real models, each set beside its natural reference
(the bare engine, the bare embedder, the cold path) and measured in the same run."""
