"""Evaluation and classification, split by noun: rules (eras, criteria sets), rounds and
councils, dossiers and evidence, and scoring."""

from ocop.evaluation.models.criteria import CriteriaSet, Criterion, Era, Level, Part
from ocop.evaluation.models.dossiers import (
    DOSSIER_TRANSITIONS,
    Dossier,
    DossierComment,
    DossierKind,
    DossierStatus,
    EvidenceFile,
    Outcome,
)
from ocop.evaluation.models.rounds import (
    ROUND_TRANSITIONS,
    SCORING_ROLES,
    Council,
    CouncilMember,
    CouncilRole,
    Round,
    RoundLevel,
    RoundStatus,
)
from ocop.evaluation.models.scoring import (
    ConflictDeclaration,
    KnockoutReview,
    KnockoutVerdict,
    Score,
    ScoreSheet,
    SheetStatus,
)

__all__ = [
    "DOSSIER_TRANSITIONS",
    "ROUND_TRANSITIONS",
    "SCORING_ROLES",
    "ConflictDeclaration",
    "Council",
    "CouncilMember",
    "CouncilRole",
    "CriteriaSet",
    "Criterion",
    "Dossier",
    "DossierComment",
    "DossierKind",
    "DossierStatus",
    "Era",
    "EvidenceFile",
    "KnockoutReview",
    "KnockoutVerdict",
    "Level",
    "Outcome",
    "Part",
    "Round",
    "RoundLevel",
    "RoundStatus",
    "Score",
    "ScoreSheet",
    "SheetStatus",
]
