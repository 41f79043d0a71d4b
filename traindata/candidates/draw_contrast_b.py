"""Print the IndoNLI train premises from which `xling_contrast_b.jsonl` was written by hand.

Run from the repository root: python traindata/candidates/draw_contrast_b.py. Premises already used by the
other cross-lingual files are skipped; two fixed-seed draws, the second looser, gave the candidates,
and claims were written for 79 of them (those with a clear faithful rendering and a clear edit).
"""

import json
import random
import re

HERE = "traindata/"
FILTERS = {
    "speech": r"\b(mengatakan|menyatakan|ujar|ungkap|katanya|melaporkan|menyebutkan|menegaskan|menjelaskan)\b.*\bbahwa\b",
    "hedge": (r"\b(akan|diperkirakan|memperkirakan|berencana|direncanakan|rencananya|diproyeksikan|memproyeksikan|"
              r"ditargetkan|menargetkan|tengah|sedang|diharapkan|berpotensi|diduga|dikabarkan|mematangkan|membahas)\b"),
    "numbers": (r"\d[\d.,]*\s*(persen|%|juta|miliar|ribu|triliun|ton|orang|unit)\b.*"
                r"\d[\d.,]*\s*(persen|%|juta|miliar|ribu|triliun|ton|orang|unit)\b"),
    "agents": (r"[A-Z]\w+ (?:[A-Z]\w+ )?(mengalahkan|mengirim|menggantikan|menunjuk|menyerang|membeli|menjual|memberi|"
               r"memberikan|menangkap|melaporkan|menuduh|mengkritik|mendukung|menolak|menerima|menyerahkan|mengundang|"
               r"mengunjungi|menggugat|memecat|melantik)\b .*[A-Z]\w+"),
}
LOOSE = {
    "S": r"\b(mengatakan|kata|katanya|ujar|ujarnya|menurut|ungkap|ungkapnya|tutur|menuturkan|jelas|menjelaskan|menyatakan)\b",
    "H": (r"\b(akan|bakal|diperkirakan|memperkirakan|berencana|rencananya|diproyeksikan|ditargetkan|menargetkan|tengah|"
          r"diharapkan|berpotensi|diduga|dikabarkan|mempertimbangkan|mengusulkan)\b"),
}


def unused_premises() -> list[tuple[str, str]]:
    used = {json.loads(line)["premise"] for f in ("xling_indonli_train_a.jsonl", "xling_indonli_train_b.jsonl",
                                                  "xling_contrast.jsonl") for line in open(HERE + f)}
    first: dict[str, str] = {}
    for line in open(HERE + "nli_id_indonli_train.jsonl"):
        r = json.loads(line)
        if r["premise"] not in used:
            first.setdefault(r["premise"], r["id"])
    return sorted(first.items())


def main() -> None:
    premises = unused_premises()
    strict = premises[:]
    random.Random(20261206).shuffle(strict)
    taken: set[str] = set()
    for name, pattern in FILTERS.items():
        picked = [(p, i) for p, i in strict if 90 <= len(p) <= 330 and re.search(pattern, p) and p not in taken][:30]
        taken |= {p for p, _ in picked}
        for p, i in picked:
            print(name, i, "|", p)
    loose = premises[:]
    random.Random(202612062).shuffle(loose)
    counts = {"S": 0, "H": 0}
    for p, i in loose:
        if p in taken or not 90 <= len(p) <= 300 or len(re.findall(r"\b[A-Z][a-z]+\b", p)) < 3:
            continue
        kind = "S" if re.search(LOOSE["S"], p) else "H" if re.search(LOOSE["H"], p) else None
        if kind and counts[kind] < {"S": 40, "H": 30}[kind]:
            counts[kind] += 1
            print(kind, i, "|", p)


if __name__ == "__main__":
    main()
