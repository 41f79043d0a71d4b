"""Slow tier: the verifier with the real embedder, on hand-labelled English claims about seed
sentences. Unsupported claims must never pass; faithful renderings should."""

from __future__ import annotations

import pytest

from service.answer.check import Checker, Source
from service.components import real_embedder
from service.models import ModelPaths
from service.settings import Settings

pytestmark = pytest.mark.slow

SEEDS = {
    "troops": ("003_947d3406dd9cb8aa:11", "AS mengatakan 8.000 tentara Korea Utara berada di Rusia dekat perbatasan "
               "Ukraina dan bersiap untuk membantu Kremlin melawan pasukan Ukraina dalam beberapa hari mendatang."),
    "liu": ("003_947d3406dd9cb8aa:7", "Liu Pengyu, juru bicara Kedutaan Besar China di Washington, mengatakan dalam "
            "sebuah pernyataan bahwa posisi China mengenai krisis Ukraina “konsisten dan jelas.”"),
    "spaceport": ("000_538c3b98ea35e6a2:10", "Hal tersebut terjadi setelah Putin bertemu dengan pemimpin Korea Utara, "
                  "Kim Jong Un di sebuah bandar antariksa Rusia pada tanggal 13 September 2023."),
    "aurus": ("001_0f58f401bebbf1b7:13", "Kremlin mengatakan pada hari Selasa bahwa Presiden Rusia Vladimir Putin "
              "memberi pemimpin Korea Utara Kim Jong Un sebuah limusin Aurus Rusia sebagai hadiah."),
}

SUPPORTED = [
    ("troops", "The US says 8,000 North Korean soldiers are in Russia near the Ukrainian border."),
    ("liu", "Liu Pengyu, a spokesperson for the Chinese embassy in Washington, said China's position on the "
            "Ukraine crisis is consistent and clear."),
    ("spaceport", "Putin met North Korean leader Kim Jong Un at a Russian spaceport on September 13, 2023."),
    ("aurus", "The Kremlin said on Tuesday that Russian President Vladimir Putin gave North Korean leader "
              "Kim Jong Un an Aurus limousine as a gift."),
]
UNSUPPORTED = [
    ("troops", "The US says 80,000 North Korean soldiers are in Russia near the Ukrainian border."),  # number
    ("troops", "Taiwan says 8,000 North Korean soldiers are in Russia."),  # invented entity
    ("liu", "Liu Pengyu, the Chinese ambassador, said China's position on Ukraine is consistent and clear."),  # role
    ("liu", "China's embassy said it will send troops to Ukraine."),  # unrelated claim
    ("spaceport", "Kim Jong Un met Putin in Taiwan on September 13, 2023."),  # place
    ("spaceport", "Kim Jong Un, South Korea's president, met Putin."),  # role and country
    ("spaceport", "Putin met Kim Jong Un at a Russian spaceport on October 13, 2023."),  # month
    ("aurus", "The Kremlin said on Friday that Putin gave Kim Jong Un a limousine."),  # weekday
    ("aurus", "The weather in Jakarta was sunny and warm that week."),  # unrelated
]


@pytest.fixture(scope="module")
def checker():
    settings = Settings()
    if ModelPaths(settings.models_dir).missing():
        pytest.fail(f"models missing in {settings.models_dir}: run `newsrag models fetch` (make test does)")
    return Checker(real_embedder(settings), settings.support_threshold)


def judge(checker, key, claim):
    sid, text = SEEDS[key]
    source = Source(sid.split(":")[0], sid, text)
    sims = checker.similarities([claim], [source])[0]
    return checker.judge(claim, [source], [sims[0]])


@pytest.mark.parametrize(("key", "claim"), UNSUPPORTED)
def test_unsupported_claims_are_never_verified(checker, key, claim):
    assert not judge(checker, key, claim).verified


@pytest.mark.parametrize(("key", "claim"), SUPPORTED)
def test_faithful_renderings_are_verified(checker, key, claim):
    v = judge(checker, key, claim)
    assert v.verified, v.reason
