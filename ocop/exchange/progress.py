"""Live progress of an import being applied. The apply runs in one transaction, so a progress
count saved on the job row would stay invisible to other connections until the end; it is kept
in the cache instead, under the job's id. The web server sees it when it shares the cache with
the worker (Redis, REDIS_URL) or runs the import itself (the immediate backend); otherwise the
page shows a progress bar without numbers."""

from django.core.cache import cache

# Long enough for any import; the key is removed when the apply ends.
TIMEOUT = 6 * 60 * 60


def _key(job_id: int) -> str:
    return f"exchange:job:{job_id}:applied"


def note_progress(job_id: int, done: int, total: int) -> None:
    cache.set(_key(job_id), (done, total), TIMEOUT)


def read_progress(job_id: int) -> tuple[int, int] | None:
    """(rows done, rows in all) of the apply running for this job, if known."""
    value = cache.get(_key(job_id))
    return (int(value[0]), int(value[1])) if value else None


def clear_progress(job_id: int) -> None:
    cache.delete(_key(job_id))
