"""The Python API: Scanner, scan, scan_json, scan_many, scan_arrow, ScanError."""

import json
import subprocess

import pyarrow as pa
import pytest

import notescan

NOTE = (
    "PROCEDURE: Right L5 transforaminal epidural steroid injection (L5-S1 foramen) under "
    "fluoroscopic guidance.\nINDICATIONS: Right leg pain radiating to the lateral calf for 3 months, "
    "8/10. Failed 6 weeks of physical therapy. Positive straight leg raise on the right.\n"
    "Omnipaque 240, 1 mL, showed epidural spread. Dexamethasone 10 mg was injected.\n"
    "POST-PROCEDURE: Pain 2/10."
)


# A 5 MB note: one procedure note and prose. (A 5 MB string made of the same
# note repeated ~11,000 times takes minutes: the scan is superlinear in the
# number of mentions, see the hand-over; not a binding issue.)
FILLER = "The patient was seen today and the history was reviewed in detail with the family. "
BIG = NOTE + "\n" + FILLER * (5_000_000 // len(FILLER) + 1)


@pytest.fixture(scope="module")
def scanner():
    return notescan.Scanner()


def examples(root):
    return sorted((root / "examples" / "notes").glob("*.txt"))


# --- Scanner ---------------------------------------------------------------

def test_scanner_defaults_and_policies(scanner):
    assert scanner.policy == "medicare-l39240"
    assert notescan.Scanner(policy="aetna-cpb0722").policy == "aetna-cpb0722"
    assert "Scanner" in repr(scanner)


def test_scanner_bad_policy_and_lexicons(tmp_path):
    with pytest.raises(notescan.ScanError, match="policy"):
        notescan.Scanner(policy="no-such-policy")
    with pytest.raises(notescan.ScanError, match="lexicons"):
        notescan.Scanner(lexicons=tmp_path / "missing")


def test_shared_scanner_is_one_per_process():
    assert notescan.shared_scanner() is notescan.shared_scanner()
    assert notescan.shared_scanner(None, "aetna-cpb0722") is not notescan.shared_scanner()


# --- scan ------------------------------------------------------------------

def test_scan_returns_the_cli_record(scanner):
    r = scanner.scan(NOTE, id="n1")
    assert list(r) == ["id", "facts", "sections", "mentions", "audit"]
    assert r["id"] == "n1"
    assert r["audit"]["verdict"] in {"supported", "at_risk", "unsupported"}
    assert 0 <= r["audit"]["score"] <= 100
    assert r["facts"]["procedure"]["targets"]
    for m in r["mentions"]:
        assert NOTE.encode()[m["start"]:m["end"]].decode() == m["text"]


def test_scan_equals_cli_line_on_examples(scanner, cli, root):
    out = subprocess.run([str(cli), "scan", str(root / "examples" / "notes")],
                         check=True, capture_output=True, text=True).stdout
    lines = {json.loads(l)["id"]: l for l in out.splitlines()}
    assert len(lines) == len(examples(root))
    for path in examples(root):
        text = path.read_text()
        assert scanner.scan_json(text, id=path.stem) == lines[path.stem]
        assert scanner.scan(text, id=path.stem) == json.loads(lines[path.stem])


def test_scan_ids(scanner):
    assert scanner.scan(NOTE)["id"] == ""
    assert scanner.scan(NOTE, id=42)["id"] == "42"
    with pytest.raises(notescan.ScanError, match="id must be str or int"):
        scanner.scan(NOTE, id=1.5)


@pytest.mark.parametrize("bad, kind", [(None, "None"), (b"PROCEDURE: TFESI", "bytes"), (12, "int"), (["x"], "list")])
def test_scan_bad_text_raises_scan_error_with_id(scanner, bad, kind):
    with pytest.raises(notescan.ScanError) as e:
        scanner.scan(bad, id="rec-7")
    assert e.value.id == "rec-7"
    assert "rec-7" in str(e.value) and kind in str(e.value)
    assert isinstance(e.value, ValueError)


def test_scan_error_never_contains_note_text(scanner):
    secret = b"Patient John Secretname has leg pain"
    with pytest.raises(notescan.ScanError) as e:
        scanner.scan(secret, id="p1")
    assert "Secretname" not in str(e.value)


def test_scan_lone_surrogate_is_scan_error(scanner):
    with pytest.raises(notescan.ScanError) as e:
        scanner.scan("pain \ud800 here", id="s1")
    assert e.value.id == "s1" and "\ud800" not in str(e.value)


def test_scan_5mb_string(scanner):
    assert len(BIG) > 5_000_000
    r = scanner.scan(BIG, id="big")
    assert isinstance(r, dict) and r["id"] == "big"
    assert r["audit"]["verdict"] in {"supported", "at_risk", "unsupported"}


def test_scan_empty_and_unicode(scanner):
    assert scanner.scan("", id="e")["facts"]["procedure"]["performed"] is False
    r = scanner.scan("Douleur radiculaire droite — L5-S1 TFESI ✓", id="u")
    assert r["id"] == "u"


# --- scan_many -------------------------------------------------------------

def test_scan_many_equals_scan(scanner, root):
    texts = [p.read_text() for p in examples(root)] * 5
    ids = [f"r{i}" for i in range(len(texts))]
    many = scanner.scan_many(texts, ids=ids)
    assert [r["id"] for r in many] == ids
    assert many == [scanner.scan(t, id=i) for t, i in zip(texts, ids)]
    assert scanner.scan_many(texts, ids=ids, threads=1) == many
    assert scanner.scan_many(texts, ids=ids, threads=3) == many


def test_scan_many_default_ids_and_iterables(scanner):
    assert [r["id"] for r in scanner.scan_many(iter([NOTE, NOTE]))] == ["0", "1"]
    assert scanner.scan_many([]) == []
    assert [r["id"] for r in scanner.scan_many((NOTE,), ids=(7,))] == ["7"]


def test_scan_many_bad_row_names_id_and_index(scanner):
    with pytest.raises(notescan.ScanError) as e:
        scanner.scan_many([NOTE, None, NOTE], ids=["a", "b", "c"])
    assert (e.value.id, e.value.index) == ("b", 1)
    with pytest.raises(notescan.ScanError) as e:
        scanner.scan_many([NOTE, b"bytes"])
    assert (e.value.id, e.value.index) == ("1", 1)


def test_scan_many_bad_arguments(scanner):
    with pytest.raises(notescan.ScanError, match="not one text"):
        scanner.scan_many(NOTE)
    with pytest.raises(notescan.ScanError, match="ids has"):
        scanner.scan_many([NOTE, NOTE], ids=["a"])
    with pytest.raises(notescan.ScanError, match="ids has"):
        scanner.scan_many([NOTE], ids=["a", "b"])
    with pytest.raises(TypeError):
        scanner.scan_many(None)


def test_scan_many_releases_the_gil(scanner):
    import threading
    import time

    texts = [NOTE * 20] * 150
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    t0 = time.perf_counter()
    scanner.scan_many(texts, threads=1)
    t1 = time.perf_counter()
    stop.set()
    t.join()
    during = [x for x in ticks if t0 < x < t1]
    # With the GIL held the ticker could not run at all during the scan.
    assert len(during) >= 5, (len(during), t1 - t0)


# --- scan_arrow ------------------------------------------------------------

def test_scan_arrow_batch_matches_scan(scanner, root):
    texts = [p.read_text() for p in examples(root)]
    ids = [p.stem for p in examples(root)]
    batch = pa.record_batch({"id": ids, "text": texts})
    out = scanner.scan_arrow(batch)
    assert isinstance(out, pa.RecordBatch)
    assert out.schema.names == ["id", "score", "verdict", "codes", "flags", "facts", "error"]
    assert out.schema == notescan.Scanner.arrow_schema()
    for row, text in zip(out.to_pylist(), texts):
        r = scanner.scan(text, id=row["id"])
        a = r["audit"]
        assert row["score"] == a["score"] and row["verdict"] == a["verdict"]
        assert json.loads(row["codes"]) == a["codes"]
        assert row["flags"] == [f["code"] for f in a["flags"]]
        assert json.loads(row["facts"]) == r["facts"]
        assert row["error"] is None


def test_scan_arrow_table_stream_and_columns(scanner):
    t = pa.table({"note_id": pa.array([1, 2, 3], pa.int64()), "body": pa.array([NOTE] * 3, pa.large_string())})
    t = pa.concat_tables([t, t])  # two chunks
    out = scanner.scan_arrow(t, text_column="body", id_column="note_id", threads=2)
    assert out.num_rows == 6
    assert out.column("id").to_pylist() == ["1", "2", "3"] * 2
    reader = pa.RecordBatchReader.from_batches(t.schema, t.to_batches())
    assert scanner.scan_arrow(reader, text_column="body", id_column="note_id").equals(out)
    numbered = scanner.scan_arrow(t, text_column="body", id_column=None)
    assert numbered.column("id").to_pylist() == [str(i) for i in range(6)]


def test_scan_arrow_broken_row_keeps_every_row(scanner):
    batch = pa.record_batch({"id": ["a", "b", None, "d"], "text": [NOTE, None, NOTE, NOTE]})
    out = scanner.scan_arrow(batch).to_pylist()
    assert [r["id"] for r in out] == ["a", "b", None, "d"]
    assert out[1]["verdict"] is None and out[1]["score"] is None and out[1]["error"] == "text is null"
    assert out[2]["verdict"] is None and "id is null" in out[2]["error"]
    assert out[0]["verdict"] is not None and out[3]["verdict"] is not None
    assert out[0]["error"] is None


def test_scan_arrow_empty(scanner):
    out = scanner.scan_arrow(pa.record_batch({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}))
    assert out.num_rows == 0 and out.schema == notescan.Scanner.arrow_schema()


def test_scan_arrow_bad_input(scanner):
    with pytest.raises(notescan.ScanError, match="Arrow"):
        scanner.scan_arrow({"id": ["a"], "text": ["x"]})
    with pytest.raises(notescan.ScanError, match="Arrow"):
        scanner.scan_arrow(None)
    with pytest.raises(notescan.ScanError, match="no column"):
        scanner.scan_arrow(pa.record_batch({"id": ["a"], "body": ["x"]}))
    with pytest.raises(notescan.ScanError, match="no column"):
        scanner.scan_arrow(pa.record_batch({"key": ["a"], "text": ["x"]}))
    with pytest.raises(notescan.ScanError, match="string column"):
        scanner.scan_arrow(pa.record_batch({"id": ["a"], "text": pa.array([b"x"], pa.binary())}))


def test_scan_arrow_5mb_row(scanner):
    out = scanner.scan_arrow(pa.record_batch({"id": ["big", "small"], "text": [BIG, NOTE]}))
    assert out.num_rows == 2 and out.column("error").null_count == 2
