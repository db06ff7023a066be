"""Every change in evaluation goes through one of these functions: they validate (raising
ValidationError, nothing saved), write, and record the audit event in one transaction."""

from ocop.evaluation.actions.dossiers import (
    dossier_accept,
    dossier_assign_council,
    dossier_create,
    dossier_move,
    dossier_return,
    dossier_submit,
    dossier_update,
    dossier_withdraw,
    evidence_add,
    evidence_remove,
)
from ocop.evaluation.actions.rounds import (
    council_create,
    council_seat,
    council_unseat,
    council_update,
    round_create,
    round_delete,
    round_transition,
    round_update,
)
from ocop.evaluation.actions.rules import (
    criteria_set_freeze,
    criteria_set_new_version,
    sheet_for,
)
from ocop.evaluation.actions.scoring import (
    conflict_declare,
    dossier_classify,
    knockout_decide,
    score_save,
    sheet_reopen,
    sheet_submit,
)

__all__ = [
    "conflict_declare",
    "council_create",
    "council_seat",
    "council_unseat",
    "council_update",
    "criteria_set_freeze",
    "criteria_set_new_version",
    "dossier_accept",
    "dossier_assign_council",
    "dossier_classify",
    "dossier_create",
    "dossier_move",
    "dossier_return",
    "dossier_submit",
    "dossier_update",
    "dossier_withdraw",
    "evidence_add",
    "evidence_remove",
    "knockout_decide",
    "round_create",
    "round_delete",
    "round_transition",
    "round_update",
    "score_save",
    "sheet_for",
    "sheet_reopen",
    "sheet_submit",
]
