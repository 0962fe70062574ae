"""Batch scoring of article archives: readers per format -> records -> partitions -> part files.

The pieces (DESIGN.md, "Components"):

* :mod:`scoring.batch.readers`: find the inputs, split them into partitions (files, groups of
  small files, byte ranges of large plain JSONL/CSV files), and read a partition as *items*:
  a document record, an error record (malformed JSON, missing or non-string text, invalid
  UTF-8, truncated gzip, ...) or a skipped record (a WARC request, a non-HTML response, ...).
* :mod:`scoring.batch.output`: part writers (``part-NNNNN.jsonl.gz`` or ``.parquet``), written
  to a temporary file and renamed, a per-part marker with counts, errors and the part's sha256.
* :mod:`scoring.batch.run`: score each partition (in-process, on a Dask ``LocalCluster`` or on
  an existing cluster), one model per worker process, then ``errors.jsonl`` and
  ``manifest.json``.

Nothing here prints or parses arguments: the ``credscore batch`` command lives in
``credscore/batch.py`` and passes a progress callback. Heavy libraries (Dask, pyarrow,
fastwarc, trafilatura, resiliparse, scikit-learn) are imported inside the functions that need
them, so importing this package is cheap and Dask workers start fast.
"""

from scoring.batch.readers import (
    FORMATS,
    BatchInputError,
    BatchUsageError,
    Partition,
    plan_partitions,
    read_partition,
)
from scoring.batch.run import BatchConfig, run_batch

__all__ = [
    "FORMATS",
    "BatchConfig",
    "BatchInputError",
    "BatchUsageError",
    "Partition",
    "plan_partitions",
    "read_partition",
    "run_batch",
]
