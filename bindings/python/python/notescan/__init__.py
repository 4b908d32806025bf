"""notescan: scan spine procedure/clinic notes and audit CPT 64483 support.

>>> import notescan
>>> s = notescan.Scanner()
>>> r = s.scan("PROCEDURE: Right L5-S1 TFESI under fluoroscopy.", id="n1")
>>> r["id"], r["audit"]["verdict"] in ("supported", "at_risk", "unsupported")
('n1', True)

Scanner(lexicons=None, policy=None)
  .scan(text, id=None) -> dict               the CLI's JSON line as a dict
  .scan_json(text, id=None) -> str           the CLI's JSON line itself
  .scan_many(texts, ids=None, threads=None) -> list[dict]   GIL released, rayon
  .scan_arrow(table_or_batch, text_column="text", id_column="id", threads=None)
      -> pyarrow.RecordBatch (id, score, verdict, codes, flags, facts, error)
ScanError(ValueError): bad input or an internal failure; .id and .index name
  the record, the message never contains note text.
"""

from ._notescan import Scanner, ScanError, __version__

__all__ = ["Scanner", "ScanError", "__version__"]

import functools as _functools


@_functools.lru_cache(maxsize=None)
def shared_scanner(lexicons=None, policy=None):
    """One Scanner per process for these arguments (built on first use).

    For engines that ship a function to long-lived worker processes (Spark's
    mapInArrow, Dask, multiprocessing): the lexicons are compiled once per
    process, not once per task or batch.
    """
    return Scanner(lexicons=lexicons, policy=policy)


__all__.append("shared_scanner")
