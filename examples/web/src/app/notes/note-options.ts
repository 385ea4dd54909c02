import type { FieldError, NoteCategory, NoteVisibility } from '@pawnotes/core';

import { FieldErrors } from '../shared/field-errors';

export const NOTE_CATEGORIES: readonly NoteCategory[] = ['behaviour', 'progress', 'health', 'incident', 'general'];
export const NOTE_VISIBILITIES: readonly NoteVisibility[] = ['internal', 'shared'];

export const CATEGORY_LABELS: Record<NoteCategory, string> = {
  behaviour: 'Behaviour',
  progress: 'Progress',
  health: 'Health',
  incident: 'Incident',
  general: 'General',
};

export const VISIBILITY_LABELS: Record<NoteVisibility, string> = {
  internal: 'Internal (staff only)',
  shared: 'Shared with the owner',
};

/** "agility, weaves  recall" -> ["agility", "weaves", "recall"] (commas or spaces separate tags). */
export function parseTags(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/**
 * The core and the server name a bad tag "tags[2]": shown under the one tags input as "Tag 3: ...".
 * Other fields pass through unchanged.
 */
export function groupIndexedErrors(errors: FieldError[], field: string, label: string): FieldError[] {
  const pattern = new RegExp(`^${field}\\[(\\d+)\\]$`);
  return errors.map((e) => {
    const m = pattern.exec(e.field);
    return m ? { ...e, field, message: `${label} ${Number(m[1]) + 1}: ${e.message}` } : e;
  });
}

/** FieldErrors of a form with a tags list: "tags[i]" errors are shown under the tags input. */
export class TaggedFieldErrors extends FieldErrors {
  override set(errors: FieldError[], message: string | null = null): void {
    super.set(groupIndexedErrors(errors, 'tags', 'Tag'), message);
  }
}
