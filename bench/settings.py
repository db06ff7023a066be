"""Settings for benchmark runs only: the platform's own settings, plus the bench URLconf that
adds the framework-ceiling view. Never used by a deployment."""

import os

from ocop import settings as _platform
from ocop.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if _platform.REDIS_URL:  # keep benchmark keys apart from anything else using this Redis
    CACHES = {"default": {**_platform.CACHES["default"], "KEY_PREFIX": "ocop-bench"}}

# For experiments only (never set by ./dev bench): persistent connections on SQLite too.
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])  # noqa: F405
