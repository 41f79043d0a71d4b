"""Does OpenVINO compute a prompt faster on a CPU without AVX-512 when it quantizes activations on the
fly? The answer prompt of a seed question (its system turn and evidence, given as one user turn),
three calls per setting (the first cold, the next two from the prefix cache), with dynamic
quantization left to OpenVINO ("default"), off ("0"), or at groups of 32 ("32").

    .venv/bin/python bench/engine-probe/openvino_dynamic_quant.py default 0 32
"""

import sys
import time

import openvino_genai

FOLDER = ".models/qwen2.5-coder-1.5b-instruct-openvino"
PROMPT = open("bench/engine-probe/readme-prompt-2026-12-07.txt").read()
PROMPT = PROMPT.replace("--- system\n", "").replace("--- user\n", "")

for setting in sys.argv[1:]:
    options = {"INFERENCE_NUM_THREADS": 2, "INFERENCE_PRECISION_HINT": "f32"}
    if setting != "default":
        options["DYNAMIC_QUANTIZATION_GROUP_SIZE"] = int(setting)
    pipe = openvino_genai.LLMPipeline(FOLDER, "CPU", **options)
    config = openvino_genai.GenerationConfig()
    config.max_new_tokens = 24
    for call in range(3):
        first: list[float] = []

        def on_piece(piece: str) -> openvino_genai.StreamingStatus:
            if not first:
                first.append(time.perf_counter())
            return openvino_genai.StreamingStatus.RUNNING

        start = time.perf_counter()
        text = str(pipe.generate(PROMPT, config, on_piece))
        print(setting, call, f"ttft={first[0] - start:.2f} total={time.perf_counter() - start:.2f}", repr(text[:80]),
              flush=True)
    del pipe
