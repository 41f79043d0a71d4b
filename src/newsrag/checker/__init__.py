"""The claim checker: P(supported | source sentences, claim), learned here.

- `model.py`: the `SupportModel` Protocol and the real backend, a cross-encoder made of the provisioned
  EmbeddingGemma-300M weights, a LoRA adapter on its top layers and a small head (`artefact/`).
- `data.py`: the training and validation pairs (`traindata/` in the source checkout, with provenance in
  `traindata/README.md`).
- `train.py`: `newsrag checker train`, which reproduces `artefact/` from the data with a fixed seed.
"""
