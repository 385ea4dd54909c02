import type { CareFlag, CareFlagKind, CareFlagSeverity } from '@pawnotes/core';

export const SEVERITIES: readonly CareFlagSeverity[] = ['danger', 'caution', 'info'];
export const FLAG_KINDS: readonly CareFlagKind[] = ['medical', 'allergy', 'behaviour_safety', 'handling'];

const RANK: Record<CareFlagSeverity, number> = { danger: 0, caution: 1, info: 2 };

export const KIND_LABELS: Record<CareFlagKind, string> = {
  medical: 'Medical',
  allergy: 'Allergy',
  behaviour_safety: 'Behaviour / safety',
  handling: 'Handling',
};

export const SEVERITY_LABELS: Record<CareFlagSeverity, string> = {
  danger: 'Danger',
  caution: 'Caution',
  info: 'Info',
};

/** The active flags, danger first, then caution, then info; newest first within a severity. */
export function orderCareFlags(flags: readonly CareFlag[]): CareFlag[] {
  return flags
    .filter((f) => f.active)
    .sort(
      (a, b) =>
        (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3) ||
        b.createdAt.localeCompare(a.createdAt) ||
        b.id - a.id,
    );
}
