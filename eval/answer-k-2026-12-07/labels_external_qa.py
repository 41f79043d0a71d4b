"""Hand labels for external-qa sentences of the answer-k runs: (item, start of text, faithful, reason).
Written by reading each sentence against the Indonesian sentences it cites (all of them as the premise)."""
import json, sys
NC = "no citation"
L = [
 ("fed-cut-range", "The US Federal Reserve cut its benchmark interest rate by 50 basis points", False, "wrong: the Fed cut by a quarter point to 4.00%-4.25% (detik-62:4); 50 basis points to 4% is an economist's projection (detik-77:13); ends garbled"),
 ("fed-cut-range", "This was announced on September 2025.", False, "the cited sentence (a BI rate cut from 5.75% to 5.5%) says nothing of an announcement or of September 2025"),
 ("fed-dissent", "The only dissenting vote", False, NC),
 ("fed-dissent", "This decision was made after the Federal Reserve raised", False, NC + "; and the Fed cut, it did not raise"),
 ("fed-dissent", "The Fed also announced plans for further cuts", False, NC),
 ("fed-powell-concern", "The Fed Chair Jerome Powell said that the current job market", True, "close rendering of detik-62:7 (Powell: the labour market is now the main concern of monetary policymakers)"),
 ("fed-unemployment-rate", "At that time, he also projected that the Federal Reserve", True, "literal rendering of detik-77:13 ('he' as in the source); it does not answer the question, but says nothing false"),
 ("fed-vote-count", "The Fed's rate committee voted for the September 2025 cut by 6 members", False, "invented: the cited sentence gives no vote count"),
 ("fed-vote-count", "The Federal Reserve lowered interest rates by half a percentage point", False, "wrong amount: 'seperempat poin' is a quarter point, not half a percentage point"),
 ("oil-wti", "The price of US West Texas Intermediate crude fell by 18 sen", False, NC),
 ("oil-wti", "The price fell by 18 sen or 0.28%.", False, NC),
 ("oil-wti", "It became US$ 63.87.", True, "'It' is WTI's price, which fell to US$63.87 (detik-64:3)"),
 ("steel-output", "Indonesia produces about 18 million tons of steel annually", False, "'kurang daripada 18 juta ton' (less than 18 million tons) made 'about 18 million'; 'his presentation' for what he said at the HIPMI event"),
 ("durian-margin", "The profit margins could rise by up to 10%", False, "detik-84:13 says margins could rise from an average of 10% to 30%; 'selling directly since 2025' misreads competing in China's market since early 2025 (84:15)"),
 ("oil-wti", "It then reached US$ 63.87 per barrel.", True, "borderline, judged faithful: 'It' is WTI, which fell to US$63.87 (detik-64:3); 'per barrel' as for Brent in detik-64:2"),
 ("oil-analyst", "Priyanka Sachdeva, an analyst senior at Phillip Nova", False, "she is a senior market analyst at Phillip Nova speaking of lower borrowing costs and oil prices (detik-64:5), but 'after the Fed decision' is not in the cited sentence (as for oil-wti's 'after the Federal Reserve cut' before)"),
 ("rupiah-close-aug21", "According to Bloomberg, Thursday (21 August 2025) at 09:15 WIB", True, "literal rendering of detik-145:3 (it gives the morning level, not the close the question asks for)"),
 ("rupiah-jul8", "The dollar against the rupiah was at Rp 16,262", True, "close rendering of detik-152:3"),
 ("dollar-won-jul8", "The US dollar moved up by 0.14% against the South Korean won", False, "wrong: detik-152:8 says the dollar weakened 0.72% against the won; 0.14% was its rise against the rupiah"),
 ("rupiah-september", "This is an increase of 16.5 poin", False, NC),
 ("rupiah-september", "According to Bloomberg, on Thursday (21 August 2025) at 09:15 WIB", True, "close rendering of detik-145:3 (August, not the September the question asks about)"),
 ("bi-reasons", "Andry Asmoro thinks it is the right moment", False, NC),
 ("bi-reasons", "This is based on his projections that BI will cut", False, NC),
 ("bi-reasons", "The evidence supports this conclusion by mentioning Andry", False, NC),
 ("sri-mulyani-bi", "Finance Minister Sri Mulyani said that Bank Indonesia cut", False, "invented: the cited sentence is an unnamed speaker on how competitive the benchmark rate is; no Sri Mulyani, no 5.75% to 5.5%"),
 ("bi-governor-fed", "Bank Indonesia Governor Perry Warjiyo said", False, "invented: the cited sentence is Andry Asmoro (Bank Mandiri) on BI cutting rates; no Perry Warjiyo, nothing on the Fed"),
 ("cs-location", "The radioactive cesium-137 was found in Indonesia", False, NC),
 ("cs-location", "This occurred in the area around Cikande", False, NC),
 ("cs-location", "The evidence supports this conclusion by mentioning that the cesium-137", False, NC),
 ("cs-countries", "According to the Environment Minister, most of Indonesia's imported scrap comes from China and the United States", False, "narrowed: detik-99:2 says most comes from developed countries, including China and the US; the sentence makes China and the US the main sources"),
 ("steel-krakatau-output", "The total konsentrasi CO2", False, NC),
 ("steel-krakatau-output", "This indicates that Krakatau Steel produced approximately", False, "invented: a product of two unrelated CO2 figures; the cited sentence is about atmospheric CO2"),
 ("co2-wmo-sg", "The WMO Secretary-General Celeste Saulo said that CO2 levels", False, "invented: the cited sentence says the WMO recommends cutting CO2 emissions and more monitoring; no Saulo, no quote"),
 ("rail-dividend", "The Finance Minister stated that Danantara receives an average of Rp 80 trillion", True, "borderline, judged faithful: Finance Minister Purbaya (detik-103:21) says Danantara's dividends average 'Rp 80 triliun atau lebih' a year (103:23); 'or more' dropped"),
 ("rail-cdb-loan", "The China Development Bank provided a loan of Rp 6.98 trillion", False, NC),
 ("rail-review", "The CEO of Danantara wants the internal review", False, "true of the article (Rosan, named in detik-103:9), but the cited sentence has only 'Ia' (he): who wants it is not in what is cited"),
 ("rail-interest", "The interest rate charged by China Development Bank", False, NC),
 ("durian-margin", "The profit margins for Indonesian durian exporters could rise by up to 60%", False, "invented: the cited sentence gives no figure and no negotiations with Chinese companies"),
 ("durian-challenges", "The two main challenges for exporting Indonesian durian directly to China are that they need to compete", False, "half invented: competing with other countries' durian is in detik-84:15; 'may not be able to rely on other countries' production anymore' is in neither cited sentence"),
 ("redmi-price", "The Xiaomi Redmi 5A costs Rp 999,000 in Indonesia.", True, "close rendering"),
 ("redmi-china-price", "The Redmi 5A is sold for Rp 1.3 million in China", True, "the price is the cited sentence's; 'as reported by DailySocial' is the article's outlet (dailysocial.id), not its text"),
 ("redmi-specs", "The Redmi 5A has a Snapdragon 425 chipset and 2GB RAM.", True, "close rendering"),
 ("grenade-airport", "The young man was caught carrying a live grenade in his backpack at Polres Biak Numfor Airport.", False, "wrong place: Polres Biak Numfor is the police station that holds him now; the airport (Frans Kaisiepo) is in another sentence"),
 ("grenade-origin", "The young man said he had found the grenade in Aceh.", False, "invented: the cited sentence says only that he carried a grenade; elsewhere he meant to take it to Aceh, not that he found it there"),
 ("hep-deaths", "This information can be found,, and.", False, "a broken sentence that renders none of the cited sentences"),
 ("hep-indonesia", "The WHO has set a target of treating 80%", False, NC),
 ("hep-indonesia", "This includes approximately 60 million cases in Africa", False, NC),
 ("dahlia-location", "The cyclone Dahlia was located in the sebelah barat daya Bengkulu", True, "faithful with Indonesian left untranslated ('sebelah barat daya' southwest of, 'pesisir' coast): Ferdi of the Bandung fire and disaster agency cites BMKG data (indosum-siklon-dahlia:1, :4)"),
]

def labels_for(results_path: str) -> list[dict]:
    d = json.load(open(results_path))
    out, missing = [], []
    for suite in ("external-qa",):
        for u in d["suites"][suite]["notes"].get("unlabelled_sentences", []):
            hit = [l for l in L if l[0] == u["item"] and u["text"].startswith(l[1])]
            if len(hit) != 1:
                missing.append(u); continue
            out.append(dict(u, faithful=hit[0][2], reason=hit[0][3]))
    return out, missing

if __name__ == "__main__":
    out, missing = labels_for(sys.argv[1])
    json.dump(out, open(sys.argv[2], "w"), indent=1, ensure_ascii=False)
    print(len(out), "labelled;", len(missing), "not covered")
    for u in missing:
        print(" -", u["item"], "|", u["text"])
