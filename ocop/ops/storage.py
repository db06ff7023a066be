"""The static files storage of deployments that ran `collectstatic` (OCOP_STATIC_MANIFEST=1)."""

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: Any) -> tuple[Any, ...]:
    def keep(pattern: Any) -> bool:
        regex = pattern if isinstance(pattern, str) else pattern[0]
        return "sourceMappingURL" not in regex

    return tuple((glob, tuple(filter(keep, rules))) for glob, rules in patterns)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed files, leaving `sourceMappingURL` comments alone:
    vendored libraries (Leaflet...) point at .map files we do not ship, and a missing map
    must not stop `collectstatic` (browsers only fetch maps when developer tools are open)."""

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
