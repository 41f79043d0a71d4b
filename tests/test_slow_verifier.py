"""Slow tier: the verifier with the real support model, on hand-labelled English claims about seed
sentences. Unsupported claims must never pass; faithful renderings should. The last two groups are
the cases that the similarity checker got wrong (issue: "verified" must mean faithful): sentences
the real model wrote that the baseline marked verified though they are wrong, and faithful ones it
rejected on technicalities."""

from __future__ import annotations

import pytest

from newsrag.answer.check import Checker, Source

pytestmark = pytest.mark.slow

SEEDS = {
    "troops": ("003_947d3406dd9cb8aa:11", ("AS mengatakan 8.000 tentara Korea Utara berada di Rusia dekat perbatasan "
               "Ukraina dan bersiap untuk membantu Kremlin melawan pasukan Ukraina dalam beberapa hari mendatang.")),
    "liu": ("003_947d3406dd9cb8aa:7", ("Liu Pengyu, juru bicara Kedutaan Besar China di Washington, mengatakan dalam "
            "sebuah pernyataan bahwa posisi China mengenai krisis Ukraina “konsisten dan jelas.”")),
    "spaceport": ("000_538c3b98ea35e6a2:10", ("Hal tersebut terjadi setelah Putin bertemu dengan pemimpin Korea Utara, "
                  "Kim Jong Un di sebuah bandar antariksa Rusia pada tanggal 13 September 2023.")),
    "aurus": ("001_0f58f401bebbf1b7:13", ("Kremlin mengatakan pada hari Selasa bahwa Presiden Rusia Vladimir Putin "
              "memberi pemimpin Korea Utara Kim Jong Un sebuah limusin Aurus Rusia sebagai hadiah.")),
}

SUPPORTED = [
    ("troops", "The US says 8,000 North Korean soldiers are in Russia near the Ukrainian border."),
    ("liu", ("Liu Pengyu, a spokesperson for the Chinese embassy in Washington, said China's position on the "
            "Ukraine crisis is consistent and clear.")),
    ("spaceport", "Putin met North Korean leader Kim Jong Un at a Russian spaceport on September 13, 2023."),
    ("aurus", ("The Kremlin said on Tuesday that Russian President Vladimir Putin gave North Korean leader "
              "Kim Jong Un an Aurus limousine as a gift.")),
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
def checker(real_models):
    return Checker(real_models.support_model, real_models.settings.support_threshold)


def judge(checker, key, claim):
    sid, text = SEEDS[key]
    return checker.check(claim, [Source(sid.split(":")[0], sid, text)])


@pytest.mark.parametrize(("key", "claim"), UNSUPPORTED)
def test_unsupported_claims_are_never_verified(checker, key, claim):
    assert not judge(checker, key, claim).verified


@pytest.mark.parametrize(("key", "claim"), SUPPORTED)
def test_faithful_renderings_are_verified(checker, key, claim):
    v = judge(checker, key, claim)
    assert v.verified, v.reason


# Written by the real model and verified by the similarity checker (eval/baseline/results.json);
# each is wrong about who is who or who did what.
def known(reason: str):
    """A case the trained checker still gets wrong (measured with the committed artefact). Strict:
    when a better checker gets it right, the test fails until the mark is removed."""
    return pytest.mark.xfail(strict=True, reason=f"known weakness of the trained checker: {reason}")


WRONG_BUT_WAS_VERIFIED = [
    # The support model passes these two (P(supported) 0.59 and 0.88); the attribution vetoes reject them.
    ("austin", ("Defense Secretary Lloyd Austin said that this was a signal of an incoming request, not just from "
                "his country but also from other countries around the world.")),  # Blinken said it, beside Austin
    ("songtao", ("Xinhua reported that the messages exchanged during the meeting between Song Tao, the Chinese "
                 "ambassador, and Ri Ryong Nam, the North Korean ambassador, were discussed at Beijing on Monday "
                 "(March 22).")),  # the ambassador is Ri Ryong Nam; Song Tao is a senior diplomat
    ("invaded", ("China did not mention Russia but stated that it had strengthened ties with Pyongyang since "
                "North Korea invaded Ukraine in 2022.")),  # Russia invaded, and Russia strengthened ties
    # Verified in the 2026-12-07 seed-qa run (the support model passed it); the speaker-as-actor veto.
    ("aurus", "The Kremlin gave Kim Jong Un a limusin Aurus Russia as a gift."),  # Putin gave it; the Kremlin said so
]
# Faithful, and rejected by the old checks ("may" read as May, capitalised openers read as names).
FAITHFUL_BUT_WAS_REJECTED = [
    ("experts", "Experts say Beijing may not approve of a closer military partnership between Russia and North Korea."),
    ("sanctions", ("Sanctions and trade restrictions also target Chinese companies that the US says are helping "
                  "Russia's war.")),
    pytest.param("tensions", "Tensions between North and South Korea remain high.",
                 marks=known("P(supported) 0.065 for 'masih terus memanas' (relations keep heating up)")),
]
SEEDS.update({
    "austin": ("002_e5d37d7331889734:9", ("“Tetapi saya pikir ini adalah sinyal permintaan yang datang bukan hanya "
               "dari kami, tetapi dari negara-negara di seluruh dunia,” katanya pada konferensi pers di Washington "
               "bersama Menteri Pertahanan Lloyd Austin dan rekan-rekan mereka dari Korea Selatan (Korsel).")),
    "songtao": ("004_d642c6b706a4b43b:7", ("Xinhua mengatakan pesan-pesan para pemimpin itu dipertukarkan selama "
                "pertemuan antara diplomat senior China Song Tao dan Duta Besar Korea Utara untuk China Ri Ryong Nam "
                "selama pertemuan di Beijing pada hari Senin (22/3).")),
    "invaded": ("001_0f58f401bebbf1b7:9", ("Pernyataan Tiongkok tidak menyebutkan Rusia, yang telah lama menjadi "
                "pihak dalam sanksi PBB terhadap Korea Utara atas program rudal balistik dan senjata nuklirnya, "
                "namun telah meningkatkan hubungan dengan Pyongyang sejak negara itu menginvasi Ukraina pada "
                "tahun 2022.")),
    "experts": ("002_e5d37d7331889734:18", ("Meski begitu, para ahli mengatakan Beijing mungkin tidak menyetujui "
                "kemitraan militer yang lebih erat antara Rusia dan Korut karena menganggapnya sebagai hal yang "
                "tidak stabil di kawasan tersebut.")),
    "sanctions": ("001_0f58f401bebbf1b7:15", ("Sanksi dan pembatasan perdagangan juga menargetkan "
                  "perusahaan-perusahaan Tiongkok yang menurut AS membantu perang Rusia.")),
    "tensions": ("002_e5d37d7331889734:15", "Di sisi lain, hubungan antara Korut dan Korsel masih terus memanas."),
})


@pytest.mark.parametrize(("key", "claim"), WRONG_BUT_WAS_VERIFIED)
def test_wrong_sentences_the_old_checker_verified_are_rejected(checker, key, claim):
    v = judge(checker, key, claim)
    assert not v.verified, f"verified with P(supported) {v.support:.3f}"


@pytest.mark.parametrize(("key", "claim"), FAITHFUL_BUT_WAS_REJECTED)
def test_faithful_sentences_the_old_checker_rejected_pass(checker, key, claim):
    v = judge(checker, key, claim)
    assert v.verified, v.reason
