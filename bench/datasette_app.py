"""The Datasette baseline as an ASGI app, for `uvicorn --workers 2` in Datasette's own
virtualenv (bench/var/datasette-venv): imports nothing from the platform."""

import json
import os
from pathlib import Path

from datasette.app import Datasette

_metadata = json.loads(Path(os.environ["BENCH_DATASETTE_METADATA"]).read_text())
app = Datasette(
    immutables=[os.environ["BENCH_DATASETTE_DB"]],
    metadata=_metadata,
    # Under 32 concurrent connections a query may wait its turn: do not cut it at 1 s.
    settings={"sql_time_limit_ms": 20_000, "default_page_size": 24},
).app()
