#!/usr/bin/env python3
"""Deterministic synthetic spine notes for the Spark job and its test.

    python examples/spark/gen_notes.py N OUT.jsonl [--parquet OUT_DIR] [--seed S]

Writes N JSON Lines records {"id": "note-000001", "text": ...}: procedure notes
(transforaminal, interlaminar, facet; with or without imaging, contrast,
steroid, radicular history, conservative care, prior-injection relief) and
clinic follow-ups, so every verdict band and many flags occur. Same N and seed
give the same bytes. --parquet also writes the notes as a Parquet dataset
(needs pyarrow).
"""

import argparse
import json
import random

LEVELS = ["L3-4", "L4-5", "L5-S1", "L4", "L5", "S1", "L2-3"]
SIDES = ["right", "left", "bilateral"]
DRUGS = [
    "Dexamethasone 10 mg",
    "Dexamethasone 4 mg",
    "Triamcinolone 40 mg",
    "Kenalog 40 mg/mL, 1 mL,",
    "Methylprednisolone 80 mg",
    "Betamethasone 6 mg",
]
CONTRAST = [
    "Omnipaque 240, 1 mL, outlined the exiting nerve root with epidural spread and no vascular uptake on live fluoroscopy.",
    "Isovue-M 200, 2 mL, confirmed epidural flow without intravascular uptake.",
    "Contrast was not used due to a documented iodine allergy.",
    "",
]
RADICULAR = [
    "{side} buttock and leg pain radiating down the posterior thigh to the lateral calf and foot",
    "{side} L5 radiculopathy with numbness over the dorsum of the foot",
    "shooting pain into the {side} leg below the knee",
    "axial low back pain without radiation; denies leg pain",
    "low back pain, non-radiating",
]
CARE = [
    "She failed {w} weeks of physical therapy and takes naproxen 500 mg twice daily.",
    "He completed {w} weeks of a home exercise program and chiropractic care without relief.",
    "Conservative care: NSAIDs and activity modification for {w} weeks.",
    "",
]
EXAM = [
    "Exam: positive straight leg raise on the {side} at 40 degrees, diminished {side} Achilles reflex.",
    "Exam: 4/5 strength of {side} extensor hallucis longus, decreased sensation in the L5 dermatome.",
    "Exam: non-focal neurologic exam, tender over the lumbar facets.",
    "",
]
IMAGING = [
    "MRI: {side} {lvl} foraminal disc protrusion compressing the exiting nerve root.",
    "MRI lumbar spine: lateral recess stenosis at {lvl} on the {side}.",
    "CT: mild degenerative changes, no stenosis.",
    "",
]
APPROACH = [
    "transforaminal epidural steroid injection",
    "transforaminal epidural steroid injection",
    "transforaminal epidural steroid injection",
    "TFESI",
    "interlaminar epidural steroid injection",
    "lumbar facet joint injection",
]
GUIDANCE = [
    "under fluoroscopic guidance",
    "under CT guidance",
    "using anatomic landmarks without imaging",
    "under fluoroscopy",
]
PRIOR = [
    "",
    "Prior {side} {lvl} TFESI 4 months ago gave 70% relief for 12 weeks.",
    "Prior injection 2 months ago gave no lasting benefit.",
    "Prior injection 6 weeks ago provided 50% relief for 3 weeks.",
]


def procedure_note(r: random.Random) -> str:
    side = r.choice(SIDES)
    s = side if side != "bilateral" else "bilateral"
    lvls = r.sample(LEVELS, r.choice([1, 1, 1, 2, 3]))
    lvl = " and ".join(lvls)
    age = r.randint(25, 88)
    who = r.choice(["woman", "man"])
    pain = r.randint(3, 10)
    weeks = r.choice([2, 4, 6, 8, 12])
    parts = [
        f"PROCEDURE: {s.capitalize()} {lvl} {r.choice(APPROACH)} {r.choice(GUIDANCE)}.",
        "",
        f"INDICATIONS: {age}-year-old {who} with {r.choice(RADICULAR).format(side=s)} "
        f"for {r.randint(1, 24)} months, {pain}/10. "
        + r.choice(CARE).format(w=weeks)
        + " "
        + r.choice(EXAM).format(side=s)
        + " "
        + r.choice(IMAGING).format(side=s, lvl=lvls[0])
        + " "
        + r.choice(PRIOR).format(side=s, lvl=lvls[0]),
        "",
        "DESCRIPTION OF PROCEDURE: Informed consent was obtained and a time-out performed. "
        "The patient was placed prone and prepped and draped in sterile fashion. "
        + r.choice(["Local anesthesia only; no sedation. ", "Moderate sedation with midazolam 2 mg. ", ""])
        + f"A 22-gauge spinal needle was advanced to the {s} {lvls[-1]} foramen. "
        + r.choice(CONTRAST)
        + f" {r.choice(DRUGS)} was injected"
        + r.choice([" with 1 mL of 1% lidocaine.", ".", " with 2 mL of 0.25% bupivacaine."]),
        "",
        f"POST-PROCEDURE: Pain {r.randint(0, pain)}/10. "
        + r.choice(["No complications. Discharged home.", "Tolerated well.", ""]),
    ]
    return "\n".join(parts)


def clinic_note(r: random.Random) -> str:
    side = r.choice(SIDES[:2])
    lvl = r.choice(LEVELS)
    return "\n".join(
        [
            "CLINIC FOLLOW-UP",
            f"HPI: Returns {r.randint(2, 12)} weeks after {side} {lvl} TFESI with "
            f"{r.choice([0, 20, 50, 70, 80])}% relief. Pain {r.randint(1, 9)}/10.",
            "PLAN: " + r.choice([
                f"Repeat {side} {lvl} transforaminal epidural steroid injection.",
                "Continue physical therapy. Follow up in 6 weeks.",
                "Refer for surgical consultation.",
            ]),
        ]
    )


def note(i: int, seed: int) -> dict:
    r = random.Random(seed * 1_000_003 + i)
    text = clinic_note(r) if r.random() < 0.15 else procedure_note(r)
    return {"id": f"note-{i:06d}", "text": text}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=64483)
    ap.add_argument("--parquet", help="also write the notes as Parquet into this directory")
    a = ap.parse_args()
    rows = [note(i, a.seed) for i in range(a.n)]
    with open(a.out, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    if a.parquet:
        import os

        import pyarrow as pa
        import pyarrow.parquet as pq

        os.makedirs(a.parquet, exist_ok=True)
        t = pa.table({"id": [r["id"] for r in rows], "text": [r["text"] for r in rows]})
        pq.write_table(t, os.path.join(a.parquet, "notes.parquet"), row_group_size=2048)


if __name__ == "__main__":
    main()
