"""Indonesian names and titles put into English before the model sees a sentence.

The 1.5B generator mistranslates exactly these: it renders "Korea Utara" as "South Korea", leaves
"juru bicara" untranslated and promotes a spokesperson to minister. Replacing them deterministically
leaves it less to translate and less to get wrong. Only the text shown to the model is glossed;
citations quote, and the checks compare against, the original sentence.
"""

from __future__ import annotations

import re

# Ordered: longer phrases before the words inside them. (pattern, English, case-sensitive?)
_GLOSSARY: list[tuple[str, str, bool]] = [
    (r"Dewan Keamanan PBB", "UN Security Council", False),
    (r"Semenanjung Korea", "Korean Peninsula", False),
    (r"Korea Utara|Korut|RRDK", "North Korea", False),
    (r"Korea Selatan|Korsel", "South Korea", False),
    (r"Amerika Serikat", "the United States", False),
    (r"AS", "US", True),
    (r"PBB", "UN", True),
    (r"Tiongkok|Cina", "China", False),
    (r"Rusia", "Russia", False),
    (r"Ukraina", "Ukraine", False),
    (r"Jepang", "Japan", False),
    (r"Moskow", "Moscow", False),
    (r"Eropa", "Europe", False),
    (r"Departemen Luar Negeri", "State Department", False),
    (r"Kementerian Luar Negeri", "Foreign Ministry", False),
    (r"Menteri Luar Negeri", "Foreign Minister", False),
    (r"Menteri Pertahanan", "Defense Minister", False),
    (r"Kedutaan Besar", "Embassy", False),
    (r"Duta Besar", "Ambassador", False),
    (r"juru bicara", "spokesperson", False),
    (r"pejabat senior", "senior official", False),
    (r"peneliti senior", "senior researcher", False),
    (r"pakar", "expert", False),
    (r"Universitas", "University", False),
    (r"Presiden", "President", False),
    (r"pemimpin", "leader", False),
    (r"hari Senin|Senin", "Monday", False),
    (r"hari Selasa|Selasa", "Tuesday", False),
    (r"hari Rabu|Rabu", "Wednesday", False),
    (r"hari Kamis|Kamis", "Thursday", False),
    (r"hari Jumat|Jumat", "Friday", False),
    (r"hari Sabtu|Sabtu", "Saturday", False),
    (r"Januari", "January", False), (r"Februari", "February", False), (r"Maret", "March", False),
    (r"Mei", "May", False), (r"Juni", "June", False), (r"Juli", "July", False),
    (r"Agustus", "August", False), (r"Oktober", "October", False), (r"Desember", "December", False),
]
_COMPILED = [(re.compile(rf"(?<!\w)(?:{p})(?!\w)", 0 if cased else re.IGNORECASE), en)
             for p, en, cased in _GLOSSARY]


def gloss(text: str) -> str:
    for pattern, english in _COMPILED:
        text = pattern.sub(english, text)
    return text
