"""Preloaded once by the forkserver that forks the local Dask cluster's workers (flows.daily.with_dask).

Each spawned Dask worker used to import distributed, Prefect and the flow, and load jieba's dictionary and
the summarizers' tables (~3 s of CPU each) before its first bulletin. Forked from one server that has done
it once, both workers start with all of it in memory (shared copy-on-write). The import runs in the
forkserver alone, a single-threaded process, so forking after it is safe.
"""
from __future__ import annotations

import flows.daily  # noqa: F401 - Prefect, the flow's tasks and what they import
from summarizers import nlp

nlp.warm()
