import type { CareFlag } from '@pawnotes/core';
import { orderCareFlags } from './care-flags';

function flag(id: number, severity: CareFlag['severity'], active = true, createdAt = '2026-01-01T00:00:00.000Z'): CareFlag {
  return { id, dogId: 1, kind: 'medical', severity, text: `flag ${id}`, active, createdAt, version: 1 };
}

describe('orderCareFlags', () => {
  it('puts danger first, then caution, then info', () => {
    const ordered = orderCareFlags([flag(1, 'info'), flag(2, 'caution'), flag(3, 'danger'), flag(4, 'info'), flag(5, 'danger')]);
    expect(ordered.map((f) => f.severity)).toEqual(['danger', 'danger', 'caution', 'info', 'info']);
  });

  it('keeps only active flags', () => {
    expect(orderCareFlags([flag(1, 'danger', false), flag(2, 'info')]).map((f) => f.id)).toEqual([2]);
  });

  it('orders the newest first within a severity and does not change its input', () => {
    const input = [flag(1, 'caution', true, '2026-01-01T00:00:00.000Z'), flag(2, 'caution', true, '2026-02-01T00:00:00.000Z')];
    expect(orderCareFlags(input).map((f) => f.id)).toEqual([2, 1]);
    expect(input.map((f) => f.id)).toEqual([1, 2]);
  });
});
