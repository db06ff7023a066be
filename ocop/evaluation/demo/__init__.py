"""SAMPLE evaluation history for the demo: rounds 2019–2025 under the three eras, councils,
scored dossiers, recognition decisions and certificates in every state, and two 2026 rounds a
person can work in (one scoring, one open to the demo producer).

Counts follow Hanoi's reported shape at 90% scale: about 3,000 products certified by mid-2025,
a few 5★, about 20 potential 5★, slightly more 3★ than 4★, most of the 4★ from 2020.
Scoring sheets (totals) exist for the 2025 (1489) round and the 2026 rounds only; criterion
scores for the 2026 scoring round only. Everything is created in bulk and flagged is_sample.
"""

import random

from ocop.evaluation.demo import current, history, people
from ocop.evaluation.models import CriteriaSet, Dossier


def build(rng: random.Random) -> str:
    pool = people.council_pool(rng)
    made = history.build(rng, pool)
    now = current.build(rng, pool)
    # Sheets used in a round are frozen (a change then makes a new version).
    used = Dossier.objects.exclude(criteria_set=None).values("criteria_set")
    CriteriaSet.objects.filter(pk__in=used).update(frozen=True)
    return f"{made}; {now}"
