"""Settings for benchmark runs only: the platform's own settings, plus the bench URLconf that
adds the framework-ceiling view. Never used by a deployment."""

from ocop import settings as _platform
from ocop.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if _platform.REDIS_URL:  # keep benchmark keys apart from anything else using this Redis
    CACHES = {
        alias: {**config, "KEY_PREFIX": f"bench-{config['KEY_PREFIX']}"}
        if "KEY_PREFIX" in config
        else config
        for alias, config in _platform.CACHES.items()
    }
