"""Assemble the multi-outlet news datasets from their per-event parts.

Each event lives in `evals/datasets/_parts/<event>/` (spec layout, its own
README with sources). The splits are fixed by event, before any score was
seen: `news-dev` is tuned on, `news-test` is only ever measured.

    python scripts/build_splits.py
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "evals" / "datasets"
SPLITS = {
    "news-dev": [
        "earthquake-morocco-2023",
        "fr-pension-protest-2023-03-23",
        "us-jobs-2023-08",
        "gaza-truce-swap-2023-11-24",
        "uganda-ebola-2022-10",
        "yeti-airlines-crash-2023-01-15",
        "cyclone-mocha-2023-05",
        "hathras-stampede-2024-07-02",
        "belgrade-protest-2025-03-15",
        "fed-rate-hike-2022-06-15",
        "za-election-2024-05-29",
        "rs-floods-2024-05",
        "pylos-shipwreck-2023-06-14",
        "ormoc-ferry-2015-07-02",
        "uk-walkout-2023-02-01",
        "george-collapse-2024-05-06",
        "hajj-heat-2024-06",
        "masara-landslide-2024-02-06",
        "kerman-bombings-2024-01-03",
        "hurricane-ian-2022-09",
        "optus-data-breach-2022-09",
        "baltimore-bridge-collapse-2024-03-26",
        "meta-layoffs-2022-11-09",
        "lampedusa-arrivals-2023-09",
        "crowdstrike-outage-2024-07",
        "uk-election-2024-07",
        "la-wildfires-2025-01",
        "east-palestine-derailment-2023-02",
        "uk-cpi-2023-04",
        "hurricane-helene-2024-09",
    ],
    "news-test": [
        "wildfire-maui-2023",
        "tr-election-2023-05-14",
        "pukhrayan-derailment-2016",
        "crocus-attack-2024-03-22",
        "pingyi-mine-collapse-2015-12",
        "us-cpi-2024-03",
        "london-gaza-march-2023-11-11",
        "valencia-floods-2024-10",
        "boeing-strike-vote-2024-09",
        "super-bowl-lviii-audience-2024-02",
        "kenya-finance-protests-2024-06",
        "tesla-autopilot-recall-2023-12",
        "alaska-1282-door-plug-2024-01",
        "paris-olympics-opening-2024-07",
    ],
}


def _rows(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _scoped(event: str, part_id: object) -> str:
    """`<event>:<id>` for a part's id, whether bare ("c01") or already carrying the
    event ("<event>:c01"): labellers have written both."""
    return f"{event}:{str(part_id).removeprefix(event + ':')}"


def build(name: str, events: list[str]) -> None:
    out = ROOT / name
    if out.exists():
        shutil.rmtree(out)
    (out / "articles").mkdir(parents=True)
    articles: list[dict[str, object]] = []
    claims: list[dict[str, object]] = []
    findings: list[dict[str, object]] = []
    for event in events:
        part = ROOT / "_parts" / event
        articles.extend(_rows(part / "articles.jsonl"))
        for txt in sorted((part / "articles").glob("*.txt")):
            shutil.copyfile(txt, out / "articles" / txt.name)
        ids = {}
        for row in _rows(part / "claims.jsonl"):
            ids[str(row["id"])] = _scoped(event, row["id"])
            claims.append(row | {"id": ids[str(row["id"])]})
        for row in _rows(part / "findings.jsonl"):
            listed = [ids[str(c)] for c in row["claims"]]  # type: ignore[attr-defined]
            findings.append(row | {"id": _scoped(event, row["id"]), "claims": listed})
    for filename, rows in (
        ("articles.jsonl", articles),
        ("claims.jsonl", claims),
        ("findings.jsonl", findings),
    ):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (out / filename).write_text(text, encoding="utf-8")
    listing = "\n".join(f"- [`{e}`](../_parts/{e}/README.md)" for e in events)
    role = (
        "tuned on: look at its misses and change code for them"
        if name.endswith("dev")
        else "never tuned on: only measured, nobody reads its misses to change code"
    )
    (out / "README.md").write_text(
        f"# {name}\n\nBuilt by `scripts/build_splits.py` from the per-event datasets below "
        f"(do not edit by hand; edit the part and rebuild). This split is {role}.\n\n"
        f"Claim and finding ids are `<event>:<id>` of the part. Texts are our own rewrites of "
        f"the reports listed in each part's README (facts and figures are the outlets').\n\n"
        f"{listing}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    for split, events in SPLITS.items():
        build(split, events)
        print(f"{split}: {', '.join(events)}")
