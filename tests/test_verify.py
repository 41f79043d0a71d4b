"""The deterministic checks and the pure result: no model needed."""

from __future__ import annotations

import pytest

from newsrag.answer.verify import check_result, expand_numeric_dates, problems

TROOPS = ("AS mengatakan 8.000 tentara Korea Utara berada di Rusia dekat perbatasan Ukraina dan bersiap "
          "untuk membantu Kremlin melawan pasukan Ukraina dalam beberapa hari mendatang.")
LIU = ("Liu Pengyu, juru bicara Kedutaan Besar China di Washington, mengatakan dalam sebuah pernyataan "
       "bahwa posisi China mengenai krisis Ukraina “konsisten dan jelas.”")
SPACEPORT = ("Hal tersebut terjadi setelah Putin bertemu dengan pemimpin Korea Utara, Kim Jong Un di sebuah "
             "bandar antariksa Rusia pada tanggal 13 September 2023.")
MONDAY = ("Amerika Serikat telah meminta China menggunakan pengaruhnya guna mendorong Korea Utara, demikian "
          "ungkap departemen luar negeri Amerika Serikat pada hari Senin, (2/10).")
DIPLOMATS = "Tiga diplomat tinggi AS bertemu dengan duta besar Tiongkok untuk Amerika Serikat."
RATE = "Inflasi naik menjadi 2,5 persen pada Maret."
# Verbatim sentences of the seed articles (as the ingest pipeline splits them).
MAY_NOT = ("Meski begitu, para ahli mengatakan Beijing mungkin tidak menyetujui kemitraan militer yang lebih "
           "erat antara Rusia dan Korut karena menganggapnya sebagai hal yang tidak stabil di kawasan tersebut.")
TENSIONS = "Di sisi lain, hubungan antara Korut dan Korsel masih terus memanas."
SANCTIONS = ("Sanksi dan pembatasan perdagangan juga menargetkan perusahaan-perusahaan Tiongkok yang menurut "
             "AS membantu perang Rusia.")
XINHUA = ("Xinhua mengatakan pesan-pesan para pemimpin itu dipertukarkan selama pertemuan antara diplomat senior "
          "China Song Tao dan Duta Besar Korea Utara untuk China Ri Ryong Nam selama pertemuan di Beijing pada "
          "hari Senin (22/3).")


@pytest.mark.parametrize(("sentence", "source"), [
    ("The US says 8,000 North Korean soldiers are in Russia near the Ukrainian border.", TROOPS),
    ("The U.S. says 8000 troops from the DPRK are in Russia.", TROOPS),
    ("Liu Pengyu, a spokesperson for the Chinese embassy in Washington, said China's position is clear.", LIU),
    ("Putin met North Korean leader Kim Jong Un at a Russian spaceport on September 13, 2023.", SPACEPORT),
    ("On Monday, October 2, the US State Department said the United States asked China to press "
     "North Korea.", MONDAY),
    ("Three senior American diplomats met China's ambassador to the United States.", DIPLOMATS),
    ("Inflation rose to 2.5 percent in March.", RATE),
    # "may" the verb is no month, a capitalised first word no name, "North and South" two Koreas.
    ("Experts say Beijing may not approve of closer military ties between Russia and North Korea, "
     "seeing them as destabilising for the region.", MAY_NOT),
    ("Tensions between North and South Korea remain high.", TENSIONS),
    ("Sanctions and trade restrictions also target Chinese companies that the US says are helping "
     "Russia's war.", SANCTIONS),
    ("Xinhua said the messages were exchanged at a meeting in Beijing on Monday, March 22.", XINHUA),
    ("It was Wang who told Blinken.", "Wanglah yang mengatakannya kepada Blinken."),  # a clitic on a name
    # An English word in a name the source writes in Indonesian (issue 16).
    ("Antoni Arief spoke at Indonesia Maritime Week.", "Antoni Arief berbicara di Indonesia Maritim Week 2025."),
    # Names Indonesian news writes its own way: "RI" is Indonesia, "BI" Bank Indonesia, "Jerman" Germany.
    ("Indonesia produces about 18 million tons of steel a year.", "Produksi baja RI mencapai 18 juta ton per tahun."),
    ("The market sees Bank Indonesia's rate at 5.25%.", "Konsensus pasar melihat BI Rate di 5,25%."),
    ("Germany and France agreed with the Dutch plan.", "Jerman dan Prancis menyetujui rencana Belanda."),
    # Magnitudes in either language, spelt out or abbreviated.
    ("Exports reached $1.2 billion.", "Ekspor mencapai US$ 1,2 miliar."),
    ("Exports reached $1.2bn, thousands of tonnes.", "Ekspor mencapai US$ 1,2 miliar, ribuan ton."),
])
def test_faithful_sentences_pass(sentence, source):
    assert problems(sentence, [source]) == []


@pytest.mark.parametrize(("sentence", "source", "expected"), [
    ("The US says 80,000 North Korean soldiers are in Russia.", TROOPS, "number 80000"),
    ("Inflation rose to 25 percent in March.", RATE, "number 25"),
    ("Liu Pengyu, the Chinese ambassador, said China's position is clear.", LIU, "role 'ambassador'"),
    ("Kim Jong Un met Putin in Taiwan on September 13, 2023.", SPACEPORT, "name 'taiwan'"),
    ("Kim Jong Un, South Korea's leader, met Putin in September 2023.", SPACEPORT, "name 'korsel'"),
    ("Putin met Kim Jong Un on October 13, 2023.", SPACEPORT, "month oktober"),
    ("The State Department spoke on Tuesday.", MONDAY, "day Tuesday"),
    ("Four senior American diplomats met China's ambassador.", DIPLOMATS, "number 4"),
    ("The US says 8,000 North Korean soldiers are in Russia.", TROOPS.replace("8.000", "80.000"), "number 8000"),
    ("Xinhua said Xi Jinping's messages were exchanged in Beijing on Monday (22/3).", XINHUA, "name 'xi'"),
    ("Putin met Kim Jong Un on May 13, 2023.", SPACEPORT, "month mei"),
    ("Putin met Kim Jong Un in May.", SPACEPORT, "month mei"),
    ("Putin met Kim Jong Un in June.", SPACEPORT.replace("pemimpin", "pejabat junior"), "month juni"),
    # A name inside a sentence is checked whatever its position after the first word.
    ("Experts say Blinken may not approve.", MAY_NOT, "name 'blinken'"),
    ("The Kremlin says tensions between North and South Korea remain high.", TENSIONS, "name 'kremlin'"),
    # A sentence's first word is a name when something besides its position says so.
    ("Lloyd Austin says tensions between North and South Korea remain high.", TENSIONS, "name 'austin'"),
    ("Moscow says tensions between North and South Korea remain high.", TENSIONS, "name 'moscow'"),
    ("KCNA says tensions between North and South Korea remain high.", TENSIONS, "name 'kcna'"),
    ("Putin's aides say tensions between North and South Korea remain high.", TENSIONS, "name 'putin'"),
    # A name one letter off is another name: only long words sharing all but their ending are cognates.
    ("Bank Indonesia held its rate.", "Indonesia menahan suku bunga.", "name 'bankindonesia'"),
    # The digits match, the magnitude is a thousandfold off.
    ("Exports reached $1.2 million.", "Ekspor mencapai US$ 1,2 miliar.", "magnitude 'million'"),
    ("The project cost 16 billion rupiah.", "Proyek itu menelan biaya Rp 16 triliun.", "magnitude 'billion'"),
    ("The only dissent came from governor Walker.", "Satu-satunya suara berbeda datang dari gubernur Waller.",
     "name 'walker'"),
    ("Fed Chair Jerome Powell spoke.", "Gubernur The Fed, Jerome Powell, berbicara.", "role 'chair'"),
])
def test_unbacked_names_numbers_dates_and_roles_are_found(sentence, source, expected):
    found = problems(sentence, [source])
    assert any(expected in p for p in found), found


def test_a_real_date_needs_the_month_and_the_day():
    sentence = "The meeting took place on May 5."
    assert problems(sentence, ["Pertemuan itu berlangsung pada 5 Mei."]) == []
    found = problems(sentence, ["Pertemuan itu berlangsung pada 5 Juni."])
    assert any("month mei" in p for p in found), found
    found = problems(sentence, ["Pertemuan itu berlangsung pada 6 Mei."])
    assert any("number 5" in p for p in found), found


@pytest.mark.parametrize("sentence", [
    "Beijing may decide later.",                        # the verb, lower case
    "May the talks succeed.",                           # the verb, capitalised by position
    "Thousands march in Seoul.",                        # the verb
    "The august assembly met in Seoul.",                # the adjective
])
def test_month_names_that_are_english_words_are_not_dates(sentence):
    assert not [p for p in problems(sentence, ["Majelis bertemu di Seoul."]) if p.startswith("month")]


@pytest.mark.parametrize("sentence", [
    "Talks resumed in March.", "Talks resumed on 5 March.", "Talks resumed in March 2024.",
    "Talks resumed (March 23).", "Talks resumed in mid-March.", "Talks resumed last March.",
])
def test_month_names_that_read_as_dates_are_checked(sentence):
    assert any("month maret" in p for p in problems(sentence, ["Pembicaraan dilanjutkan pada Mei 23, 2024."]))


def test_sentence_openers_are_not_names_after_a_colon_or_an_opening_quote():
    assert problems('Lin said: "Tensions remain high."', ["Lin mengatakan ketegangan masih tinggi."]) == []
    assert problems('Lin said, "Sanctions remain."', ["Lin mengatakan sanksi tetap berlaku."]) == []
    # An abbreviation's full stop ends no sentence: the name after it is checked.
    assert "name 'blinken'" in " ".join(problems("Mr. Blinken said so.", ["Wang mengatakan demikian."]))


def test_several_cited_sources_back_a_sentence_together():
    sentence = "Kim Jong Un met Putin, and the US says 8,000 North Korean soldiers are in Russia."
    assert problems(sentence, [SPACEPORT]) != []
    assert problems(sentence, [SPACEPORT, TROOPS]) == []


def test_numeric_indonesian_dates_gain_month_names():
    assert "2 oktober" in expand_numeric_dates("pada hari Senin, (2/10).")
    assert "1 november 2024" in expand_numeric_dates("Jumat (1/11/2024)")
    assert expand_numeric_dates("skor 45/60") == "skor 45/60"  # not a date


def test_a_check_result_needs_clean_checks_and_enough_support():
    t = 0.62  # any threshold: the model's own comes from its manifest
    assert check_result(0.9, [], t).verified
    assert not check_result(0.9, ["number 80000 is not in the cited source"], t).verified
    assert not check_result(t - 0.01, [], t).verified
    assert check_result(t, [], t).verified
    assert check_result(1.2, [], t).support == 1.0 and check_result(-0.3, [], t).support == 0.0
    assert "below" in check_result(0.5, [], t).reason and check_result(0.9, [], t).reason is None


def test_glossing_keeps_the_checks_passing():
    from newsrag.answer.glossary import gloss

    for source in (TROOPS, LIU, SPACEPORT, MONDAY, DIPLOMATS):
        glossed = gloss(source)
        assert glossed != source
        # A "translation" that only applies the glossary passes the name/role/number checks.
        assert [p for p in problems(glossed, [source]) if not p.startswith("name")] == [], glossed


def test_a_clock_time_matches_its_indonesian_notation():
    source = "Sekitar pukul 09.15 WIB dolar AS berada pada level Rp 16.288."
    assert problems("At 09:15 WIB the US dollar stood at Rp 16,288.", [source]) == []
    assert "number 10.15" in " ".join(problems("At 10:15 WIB the US dollar stood at Rp 16,288.", [source]))


@pytest.mark.parametrize(("sentence", "source"), [
    # The Fed by any of its names; ministries by their official English names.
    ("The Fed cut its rate by a quarter point.", "The Federal Reserve memangkas suku bunga seperempat poin."),
    ("The Federal Reserve cut its rate.", "Bank sentral AS memangkas suku bunga acuannya."),
    ("Environment Minister Hanif Faisol Nurofiq said most scrap came from China.",
     "Menteri Lingkungan Hidup Hanif Faisol Nurofiq menyampaikan sebagian besar scrap berasal dari China."),
    ("The Finance Ministry refused.", "Kementerian Keuangan menolak."),
    ("Jonatan reached the second round of the Australian Open.", "Jonatan ke babak kedua Australia Terbuka."),
])
def test_institutions_pass_under_their_english_names(sentence, source):
    assert problems(sentence, [source]) == []


def test_the_fed_is_not_another_central_bank():
    assert "name 'fed'" in " ".join(problems("The Fed cut its rate.", ["Bank Indonesia memangkas suku bunga."]))


@pytest.mark.parametrize(("sentence", "source"), [
    # Detik writes amounts glued to the currency; English puts a space or not.
    ("The loan was Rp 6.98 trillion.", "Pinjaman sebesar Rp6,98 triliun dari CDB."),
    ("The rupiah stood at Rp16,288.", "Rupiah berada di level Rp16.288 per dolar."),
    # A clock time written the same way on both sides.
    ("The ceremony ended at 21:25 WIB.", "Upacara dimulai pukul 19:00 WIB dan berakhir pukul 21:25 WIB."),
    # Names with digits or letters beyond ASCII are whole words.
    ("CO2 levels reached 410 ppm.", "Kadar CO2 mencapai 410 ppm."),
    ("Marta Kaczyńska has two grandchildren.", "Mereka punya anak, Marta Kaczyńska-Dubieniecka, dan dua cucu."),
    ("US bonds fell.", "Obligasi A.S. turun."),
    # A claim in Indonesian (`newsrag check`) opens with words that are not names.
    ("Menurut Arsyad Ahmadin, 200 atlet ikut.", "Sekretaris Kontingen Arsyad Ahmadin mengatakan, 200 atlet ikut."),
    # A scaled number written out; an index glued to its number; a demonym for its country (all
    # three vetoed faithful renderings in the contrastive training pairs).
    ("The KPK seized Rp50,000 and Rp100,000 notes.", "KPK menyita uang pecahan Rp50 ribu serta Rp100 ribu."),
    ("They sold 1,200,000 units.", "Mereka menjual 1,2 juta unit."),
    ("Britain's FTSE 100 fell 0.15 percent.", "Indeks FTSE100 di Inggris turun 0,15 persen."),
    ("The final was between two Indian players.", "Final mempertemukan dua pebulutangkis India."),
    # The common words of names that Indonesian translates, on any story.
    ("Denmark won the 2016 Thomas Cup.", "Piala Thomas tahun 2016 dimenangkan oleh Denmark."),
    ("Lake Batur is in Bangli Regency.", "Danau Batur masuk wilayah Kabupaten Bangli."),
    ("About 8.3 percent of those infected in Italy are health workers.", "Sekitar 8,3 persen yang terinfeksi di Italia adalah tenaga kesehatan."),
])
def test_forms_that_differ_only_in_writing_pass(sentence, source):
    assert problems(sentence, [source]) == []


@pytest.mark.parametrize(("sentence", "source", "problem"), [
    ("The loan was Rp 7.98 trillion.", "Pinjaman sebesar Rp6,98 triliun dari CDB.", "number 7.98"),
    ("The ceremony ended at 21:35 WIB.", "Upacara berakhir pukul 21:25 WIB.", "number 21.35"),
    ("CO3 levels reached 410 ppm.", "Kadar CO2 mencapai 410 ppm.", "name 'co3'"),
    ("Marta Kaczyńska-Nowak has two grandchildren.", "Mereka punya anak, Marta Kaczyńska, dan dua cucu.", "name 'nowak'"),
    ("They sold 12,000 units.", "Mereka menjual 1,2 juta unit.", "number 12000"),
    ("They sold 1,200,000 units.", "Mereka menjual 1,2 ribu unit.", "number 1200000"),
    ("The final was between two Indian players.", "Final mempertemukan dua pebulutangkis Indonesia.", "name 'indian'"),
    ("He met Xi on Monday.", "Dia bertemu kantor berita Xinhua pada hari Senin.", "name 'xi'"),
    # A translated word of a name backs only that word: the name itself must still be there.
    ("Lake Toba is in North Sumatra.", "Danau Maninjau berada di Sumatera Barat.", "name 'toba'"),
    ("China won the 2016 Uber Cup.", "Piala Thomas tahun 2016 dimenangkan oleh Denmark.", "name 'uber'"),
])
def test_the_same_forms_still_catch_a_change(sentence, source, problem):
    assert problem in " ".join(problems(sentence, [source]))


@pytest.mark.parametrize("sentence, source", [
    ("The Federal Reserve finally raised interest rates on Wednesday.",
     "The Federal Reserve akhirnya memangkas suku bunga acuannya pada hari Rabu."),
    ("The US dollar weakened against the rupiah this morning.",
     "Nilai tukar dolar Amerika Serikat (AS) menguat terhadap rupiah pagi ini."),
    ("Facebook's share price fell 2.7% when Messenger Rooms was announced.",
     "Harga saham Facebook naik 2,7% saat Messenger Rooms diumumkan."),
    ("TPK hotel berbintang turun pada bulan Maret.", "TPK hotel berbintang pada Maret naik 2,13 poin."),
])
def test_a_reversed_movement_is_unbacked(sentence, source):
    found = problems(sentence, [source])
    assert any(p.startswith("direction ") and "reversed" in p for p in found), found


@pytest.mark.parametrize("sentence, source", [
    # the same direction in other words
    ("The Fed cut its benchmark rate by a quarter point.", "The Fed menurunkan suku bunga sebesar seperempat poin."),
    ("The dollar rose 0.14% against the rupiah.", "Dolar AS menguat 0,14% terhadap rupiah."),
    # comparatives, idioms and denials state no movement
    ("Priyanka Sachdeva said lower borrowing costs usually increase oil demand.",
     "Priyanka Sachdeva mengatakan biaya pinjaman yang lebih rendah biasanya meningkatkan permintaan minyak."),
    ("Job creation has already fallen short of what keeps unemployment from rising.",
     "Laju penciptaan lapangan kerja sudah lebih lambat dari angka minimal agar tingkat pengangguran tidak naik."),
    ("CO2 levels are rising, not falling.", "Tingkat CO2 justru melonjak tajam."),
    ("China and North Korea strengthened ties after the talks, the ministry said, as exports fell.",
     "Kementerian mengatakan China dan Korut memperkuat hubungan setelah pembicaraan, sementara ekspor turun."),
    ("The spokesperson declined to comment.", "Juru bicara itu menolak berkomentar soal kenaikan harga."),
    # a source that states no movement leaves it to the support model
    ("Prices rose in March.", "Harga pada bulan Maret tercatat 2,13 poin."),
])
def test_a_movement_the_source_states_or_does_not_address_is_not_vetoed(sentence, source):
    assert not [p for p in problems(sentence, [source]) if p.startswith("direction ")]


def test_a_number_keeps_its_own_magnitude_across_two_cited_sentences():
    """"18 juta ton" in one sentence must not back the "million" of "1,3 miliar" in the next."""
    sources = ["Ia menjelaskan, produksi baja nasional kurang dari 18 juta ton per tahun.",
               "Sementara China memasok 60% kebutuhan baja dunia dengan produksi sebesar 1,3 miliar ton per tahun."]
    found = problems("China produces 1.3 million tons of steel a year.", sources)
    assert found == ["'1.3 million' is not in the cited source, which gives 1.3 another magnitude or none"]
    assert problems("China produces 1.3 billion tons of steel a year.", sources) == []


def test_a_magnitude_the_source_never_writes_is_reported_once():
    found = problems("The assets grew by Rp5.82 billion.", ["Aset tumbuh sebesar Rp5,82 triliun."])
    assert found == ["magnitude 'billion' (miliar/milyar) is not in the cited source"]


@pytest.mark.parametrize("sentence, source", [
    ("The loan covered a cost overrun of Rp 6.98 trillion.", "pembengkakan biaya sebesar Rp 6,98 triliun."),
    ("Exports reached $2.6bn.", "Ekspor mencapai USD 2,6 miliar."),
    ("The tweet had 8 thousand retweets.", "Terhitung sudah ada 8 ribuan retweet."),
])
def test_a_magnitude_written_either_way_stays_with_its_number(sentence, source):
    assert problems(sentence, [source]) == []


# Verbatim sources of two verified-but-unfaithful outputs of the 2026-12-06 eval (external-qa).
RUPIAH = ("Dilansir dari Bloomberg, Kamis (21/8/2025), sekitar pukul 09.15 WIB dolar AS berada pada level "
          "Rp 16.288, menguat 16,5 poin atau sebesar 0,28% dibandingkan saat penutupan.")
FED_PROJECTION = ("Pada saat yang sama, dia juga memproyeksikan Bank Sentral Amerika Serikat (AS) akan memangkas "
                  "suku bunganya sebesar 50 basis poin dari 4,5% menjadi 4%.")
DURIAN = ("Pemerintah RI bersama sejumlah pelaku industri pertanian tengah mematangkan skema pengiriman "
          "langsung ke China agar dapat memetik keuntungan lebih besar.")


@pytest.mark.parametrize("sentence, source, date", [
    # each of 8, August and 2025 is in the source; the day and its month are not together
    ("Rp 16,288, which is 0.28% higher than the closing level on August 8, 2025.", RUPIAH, "August 8"),
    ("Putin met Kim Jong Un on 31 September 2023.", SPACEPORT, "September 31"),
    ("On the 2nd of November the US asked China for help.", MONDAY, "November 2"),
])
def test_a_day_given_another_month_is_unbacked(sentence, source, date):
    assert f"date {date} is not in the cited source" in problems(sentence, [source])


@pytest.mark.parametrize("sentence, source", [
    ("Putin met Kim Jong Un at a Russian spaceport on September 13, 2023.", SPACEPORT),
    ("On Monday, October 2, the US asked China to use its influence on North Korea.", MONDAY),
    ("The dollar stood at Rp 16,288 on Thursday, August 21, 2025.", RUPIAH),
    ("Inflation rose to 2.5 percent in March 2024.", "Inflasi naik menjadi 2,5 persen pada Maret 2024."),
    # either day of a range
    ("The summit opened on May 2.", "KTT itu berlangsung pada 2-3 Mei 2024."),
    ("The talks ended on 5 May.", "Perundingan berlangsung 2 hingga 5 Mei."),
    # an English source writes the month first
    ("Putin met Kim on 13 September 2023.", "Putin met Kim at a Russian spaceport on September 13, 2023."),
])
def test_a_date_the_source_gives_passes(sentence, source):
    assert not [p for p in problems(sentence, [source]) if p.startswith("date ")]


@pytest.mark.parametrize("sentence, source", [
    ("The US Federal Reserve cut its benchmark interest rate by 50 basis points to 4%.", FED_PROJECTION),
    ("The Indonesian government has launched a direct shipment scheme to China.", DURIAN),
    ("Bank Indonesia cut the rate in May.", "Bank Indonesia akan memangkas suku bunga pada Mei."),
])
def test_a_plan_or_projection_stated_as_done_is_unbacked(sentence, source):
    assert any("not yet done" in p for p in problems(sentence, [source]))


def test_a_plan_stated_as_done_is_unbacked_beside_an_opening_that_states_no_plan():
    """Citation completion cites the article's opening sentence with the plan (the 2026-12-07 eval's
    durian-margin): the plan is still the one the sentence misstates."""
    found = problems("The Indonesian government has launched a direct shipment scheme to China.",
                     ["Durian Indonesia incar pasar besar China lewat ekspor langsung.", DURIAN])
    assert any("not yet done" in p for p in found)


@pytest.mark.parametrize("sentence, source", [
    ("He projected that the Fed would cut its rate by 50 basis points to 4%.", FED_PROJECTION),
    ("The government is finalising a direct shipment scheme to China.", DURIAN),
    ("The Fed is expected to cut rates in May.", "The Fed akan memangkas suku bunga pada Mei."),
    # an Indonesian claim (IndoNLI's hypotheses, a sentence left in Indonesian) has no tense to misstate
    ("Bank Indonesia akan memangkas suku bunga.", "Bank Indonesia akan memangkas suku bunga pada Mei."),
    ("The market consensus sees Bank Indonesia's rate at 5.25%.",
     "Konsensus pasar memperkirakan BI akan menahan suku bunga di 5,25%."),
])
def test_a_plan_kept_as_a_plan_or_a_fact_stated_elsewhere_passes(sentence, source):
    assert not [p for p in problems(sentence, source.split(". ")) if "not yet done" in p]


KREMLIN = ("Kremlin mengatakan pada hari Selasa bahwa Presiden Rusia Vladimir Putin memberi pemimpin Korea Utara "
           "Kim Jong Un sebuah limusin Aurus Rusia sebagai hadiah.")


def test_the_one_who_reports_an_act_is_not_the_one_who_did_it():
    """The 2026-12-07 seed-qa answer the support model passed: every name is in the source."""
    found = problems("The Kremlin gave Kim Jong Un a limusin Aurus Russia as a gift.", [KREMLIN])
    assert found == ["the cited source has Kremlin report what Presiden Rusia Vladimir Putin did; "
                     "the sentence makes Kremlin the one who did it"]


def test_the_reporter_made_the_actor_is_found_under_its_english_name():
    """The speaker is "Amerika Serikat" in the source and "the US" in the sentence."""
    found = problems("The US launched a missile.",
                     ["Amerika Serikat mengatakan bahwa Korea Utara telah meluncurkan rudal."])
    assert "the cited source has Amerika Serikat report what Korea Utara did; the sentence makes Amerika Serikat " \
           "the one who did it" in found


@pytest.mark.parametrize("sentence, source", [
    ("The Kremlin said Putin gave Kim Jong Un an Aurus limousine as a gift.", KREMLIN),  # reported
    ("Putin gave Kim Jong Un an Aurus limousine, according to the Kremlin.", KREMLIN),
    ("Russian President Vladimir Putin gave Kim Jong Un an Aurus limousine as a gift.", KREMLIN),
    # the clause has no one acting: "bahwa posisi China ..." (a shortened form of seed 002's sentence on
    # its embassy spokesman; the sentence opens with the speaker)
    ("Liu Pengyu is a spokesperson for the Chinese embassy in Washington.",
     "Juru bicara Kedutaan Besar China di Washington, Liu Pengyu, mengatakan bahwa posisi China konsisten."),
    # the speaker reports its own act, with no "bahwa" clause: nothing names another actor
    ("Bank Indonesia cut its rate to 4.75%.", "Bank Indonesia mengatakan telah memangkas suku bunga ke 4,75%."),
    # the actor is the speaker under an alias ("BI" is Bank Indonesia)
    ("Bank Indonesia cut its rate to 4.75%.",
     "Bank Indonesia mengatakan bahwa BI telah memangkas suku bunga ke 4,75%."),
    ("Kremlin memberi Kim Jong Un limusin.", KREMLIN),  # Indonesian: left to the support model
])
def test_a_reported_act_kept_with_its_actor_or_reporter_passes(sentence, source):
    assert not [p for p in problems(sentence, [source]) if "report what" in p]


BESIDE_AUSTIN = ("“Tetapi saya pikir ini adalah sinyal permintaan yang datang bukan hanya dari kami, tetapi dari "
                 "negara-negara di seluruh dunia,” katanya pada konferensi pers di Washington bersama Menteri "
                 "Pertahanan Lloyd Austin dan rekan-rekan mereka dari Korea Selatan (Korsel).")


def test_the_one_beside_the_speaker_is_not_the_speaker():
    """The baseline's verified seed-qa answer: Blinken spoke ("katanya"), Austin stood beside him."""
    found = problems("Defense Secretary Lloyd Austin said that this was a signal of an incoming request, not just "
                     "from his country but also from other countries around the world.", [BESIDE_AUSTIN])
    assert "the cited source names Austin beside the one who spoke; the sentence makes Austin speak" in found


@pytest.mark.parametrize("sentence, sources", [
    # the quote given to its unnamed speaker, Austin kept beside him
    ("He said at a press conference in Washington with Defense Secretary Lloyd Austin that it was a signal of "
     "demand from around the world.", [BESIDE_AUSTIN]),
    # both speak: the verb comes after the pair
    ("Kim and Putin said they would cooperate.", ["Kim bersama Putin mengatakan mereka akan bekerja sama."]),
    # another cited sentence has Putin speak for himself
    ("Putin said he met Kim.", ["Kim mengatakan ia bertemu dengan Putin.", "Putin mengatakan ia bertemu Kim."]),
])
def test_a_quote_given_to_one_who_spoke_passes(sentence, sources):
    assert not [p for p in problems(sentence, sources) if "beside the one who spoke" in p]


SONG_TAO = ("Xinhua mengatakan pesan-pesan para pemimpin itu dipertukarkan selama pertemuan antara diplomat senior "
            "China Song Tao dan Duta Besar Korea Utara untuk China Ri Ryong Nam selama pertemuan di Beijing pada "
            "hari Senin (22/3).")


@pytest.mark.parametrize("sentence, wrong", [
    # the baseline's verified sentence: the ambassador in it is Ri Ryong Nam
    ("Xinhua reported that the messages were exchanged during the meeting between Song Tao, the Chinese "
     "ambassador, and Ri Ryong Nam in Beijing on Monday.", "Tao the ambassador"),
    ("Chinese ambassador Song Tao met Ri Ryong Nam.", "Tao the ambassador"),
    ("Ri Ryong Nam, the senior diplomat, met Song Tao.", "Nam the diplomat"),
])
def test_a_role_is_not_hung_on_another_name_in_the_source(sentence, wrong):
    assert [p for p in problems(sentence, [SONG_TAO]) if f"does not make {wrong}:" in p]


@pytest.mark.parametrize("sentence, source", [
    ("Xinhua said the messages were exchanged at a meeting between senior Chinese diplomat Song Tao and North "
     "Korean Ambassador to China Ri Ryong Nam in Beijing on Monday.", SONG_TAO),
    ("North Korean ambassador Ri Ryong Nam met Song Tao.", SONG_TAO),
    # an apposition after the name, with commas, and an institution between the role and the name
    ("Mao Ning, the spokeswoman, said China's position is clear.",
     "Juru bicara Kementerian Luar Negeri China, Mao Ning, mengatakan posisi China jelas."),
    # a long role whose words hold "dan"
    ("Minister Mahfud MD said so.",
     "Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Mahfud MD mengatakan itu."),
    ("Song Tao, the ambassador, spoke.", "Song Tao, selaku duta besar, berbicara."),
])
def test_a_role_the_source_gives_that_person_passes(sentence, source):
    assert not [p for p in problems(sentence, [source]) if "does not make" in p]


def test_chair_is_a_role_not_a_name():
    # external-qa fed-powell-concern: "Chair" was read as a name the source lacks
    source = ("Ketua The Fed, Jerome Powell, menyampaikan bahwa pasar tenaga kerja kini menjadi perhatian utama para "
              "pembuat kebijakan moneter.")
    assert problems("Fed Chair Jerome Powell said the labour market is now the main concern of monetary "
                    "policymakers.", [source]) == []


REPORTEDLY_ASKING = ("Amerika Serikat (AS) dilaporkan meminta bantuan China untuk menggunakan pengaruhnya terhadap "
                     "Rusia dan Korea Utara (Korut) guna mencegah eskalasi lanjutan.")


@pytest.mark.parametrize("sentence", [
    # the seed summary of 002, verified and labelled unfaithful: the US is reportedly asking
    "The US has reported that it is asking China for help using its influence over Russia and North Korea.",
    "The United States reported that it asked China for help.",
])
def test_what_is_reported_about_someone_is_not_their_report(sentence):
    assert [p for p in problems(sentence, [REPORTEDLY_ASKING]) if "reportedly doing it" in p]


@pytest.mark.parametrize("sentence, source", [
    ("The US is reported to have asked China for help.", REPORTEDLY_ASKING),
    ("The US is reportedly asking China for help.", REPORTEDLY_ASKING),
    # the source names who reported it, or has them report it too
    ("Reuters reported that Pyongyang sent troops.", "Pyongyang dilaporkan oleh Reuters telah mengirim pasukan."),
    ("Pyongyang reported sending troops.",
     "Pyongyang melaporkan telah mengirim pasukan. Pyongyang dilaporkan telah mengirim pasukan ke Ukraina."),
])
def test_a_report_kept_as_hearsay_or_made_by_its_reporter_passes(sentence, source):
    assert not [p for p in problems(sentence, [source]) if "reportedly doing it" in p]


# Two verified sentences of eval/answer-k-2026-12-07, labelled unfaithful, with their cited sources.
QUARTER_POINT = ("The Fed menurunkan suku bunga sebesar seperempat poin ke kisaran 4,00%-4,25% dan mengisyaratkan "
                 "akan ada pemangkasan lebih lanjut pada pertemuan Oktober dan Desember mendatang.")
UNDER_18M = ("Produksi baja nasional hanya kurang daripada 18 juta ton per tahun, sedangkan tadi saya sebutkan "
             "China sudah sampai 1,3 miliar ton setahun,\" ungkap Akbar Djohan.")


def test_a_fraction_the_source_gives_as_another_is_unbacked():
    found = problems("The Fed lowered interest rates by half a percentage point to 4.00%-4.25%.", [QUARTER_POINT])
    assert "fraction 'half' is not in the cited source, which gives 'quarter'" in found


@pytest.mark.parametrize("sentence, source", [
    ("The Fed lowered interest rates by a quarter point to 4.00%-4.25%.", QUARTER_POINT),
    ("Half of the hotels were full.", "Separuh hotel penuh."),
    # a quarter of a year, or a half no source contradicts, is left to the support model
    ("Growth slowed in the third quarter.", "Pertumbuhan melambat pada kuartal ketiga, setengah dari perkiraan."),
    ("GDP grew 3.86% quarter-on-quarter.", "PDB tumbuh 3,86% dibandingkan kuartal sebelumnya, setengah dari target."),
    ("Half of the hotels were full.", "Banyak hotel penuh."),
])
def test_a_fraction_the_source_gives_or_does_not_contradict_passes(sentence, source):
    assert not [p for p in problems(sentence, [source]) if p.startswith("fraction ")]


@pytest.mark.parametrize("sentence", [
    "Akbar Djohan said national steel production is about 18 million tons a year.",
    "Akbar Djohan said national steel production is 18 million tons a year.",
    "Akbar Djohan said national steel production is more than 18 million tons a year.",
])
def test_a_number_the_source_gives_only_as_a_bound_keeps_it(sentence):
    found = problems(sentence, [UNDER_18M])
    assert "the cited source gives 18 only as a bound (less than 18); the sentence does not keep the bound" in found


# external-qa rail-cdb-loan's cited sentence: "hampir mencapai Rp 7 triliun", nearly reaching Rp 7 trillion.
NEARLY_7T = ("Berdasarkan catatan, proyek Kereta Cepat Jakarta-Bandung memperoleh pinjaman dari China Development "
             "Bank (CDB) untuk menutup cost overrun atau pembengkakan biaya proyek sebesar Rp 6,98 triliun, hampir "
             "mencapai Rp 7 triliun.")


def test_a_bound_with_a_verb_of_reaching_between_is_read():
    verified_once = ("The China Development Bank provided a loan of approximately Rp 6.98 trillion to cover the "
                     "high-speed railway's cost overrun, which reached Rp 7 trillion.")
    assert "the cited source gives 7 only as a bound (less than 7); the sentence does not keep the bound" in problems(
        verified_once, [NEARLY_7T])
    assert not problems("The China Development Bank lent Rp 6.98 trillion for the cost overrun, nearly Rp 7 trillion.",
                        [NEARLY_7T])


@pytest.mark.parametrize("sentence, source", [
    ("Akbar Djohan said national steel production is less than 18 million tons a year.", UNDER_18M),
    ("Akbar Djohan said national steel production is under 18 million tons a year.", UNDER_18M),
    ("More than 8,000 soldiers are in Russia.", "Lebih dari 8.000 tentara berada di Rusia."),
    ("The minimum depth of the pool is 1.35 metres.", "Kedalaman kolam minimal 1,35 meter."),
    # given unbounded in one cited sentence, the number stands as an amount
    ("8,000 soldiers are in Russia.",
     "Lebih dari 8.000 tentara berada di Rusia. AS mengatakan 8.000 tentara ada di sana."),
    # an English source's bound is not read: on FactCG's English news it flagged more supported claims than not
    ("Drilling reached 24 metres.", "Drilling has been done to more than 24 metres."),
])
def test_a_bound_kept_or_not_given_passes(sentence, source):
    assert not [p for p in problems(sentence, [source]) if "as a bound" in p]


# external-qa durian-margin's cited sentence; "up to 10%" was verified and labelled unfaithful twice.
MARGIN_10_TO_30 = ("Potensi kenaikan margin keuntungan dari rata-rata 10% menjadi 30%, seperti yang disebutkan pihak "
                   "Menteri Pertanian RI, maka perbaikan infrastruktur dan regulasi jadi kunci.")


@pytest.mark.parametrize("sentence, source", [
    ("The profit margins could rise by up to 10% with direct exports to China.", MARGIN_10_TO_30),
    ("Profit margins average 10%.", MARGIN_10_TO_30),
    ("BI will cut its rate to 5.75%.", "BI akan memangkas suku bunga dari 5,75% ke 5,5%."),
])
def test_a_number_the_source_gives_only_as_where_a_change_started_is_unbacked(sentence, source):
    assert [p for p in problems(sentence, [source]) if "where a change started" in p]


@pytest.mark.parametrize("sentence", [
    "The margin could rise by 30% if the proposed system is implemented.",  # verified once, P 0.57
    "Margins could rise by up to 30%.",
])
def test_where_a_change_went_given_as_its_size_is_unbacked(sentence):
    assert [p for p in problems(sentence, [MARGIN_10_TO_30]) if "as the size of the change ('by 30')" in p]


@pytest.mark.parametrize("sentence, source", [
    ("Profit margins could rise from an average of 10% to 30%.", MARGIN_10_TO_30),
    ("Profit margins could rise from an average of 10%.", MARGIN_10_TO_30),
    ("Profit margins could reach 30%.", MARGIN_10_TO_30),
    ("Andry expects a cut of 25 basis points to 5.5%.",
     "Andry memproyeksikan pemangkasan 25 basis poin dari 5,75% menjadi 5,5%."),
    # given elsewhere as an amount, the number stands on its own
    ("Margins average 10%.", "Margin rata-rata 10%. Potensi kenaikan margin dari 10% menjadi 30%."),
    # "dari ... hingga" marks a period or a range more often than a change, and is not read
    ("CO2 rose by 3.5 ppm in 2023.", "Kadar CO2 meningkat sebesar 3,5 ppm dari 2023 hingga 2024."),
])
def test_a_change_given_whole_or_a_number_not_only_its_start_passes(sentence, source):
    assert not [p for p in problems(sentence, [source]) if "where a change started" in p]
