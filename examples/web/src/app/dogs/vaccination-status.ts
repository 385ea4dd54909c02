import type { Vaccination } from '@pawnotes/core';

export type VaccinationStatus = 'expired' | 'due' | 'ok';

/** Days within which a vaccination counts as due (the core's rule). */
export const DUE_WITHIN_DAYS = 30;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** expiresOn - today in whole days (negative when expired). */
export function daysBetween(today: string, date: string): number {
  return dayNumber(date) - dayNumber(today);
}

/**
 * The status for `today` (the browser's date, so a page read from the offline cache stays right):
 * expired if expiresOn < today, due if expiresOn <= today + 30, else ok.
 */
export function vaccinationStatus(expiresOn: string, today: string): VaccinationStatus {
  const left = daysBetween(today, expiresOn);
  if (left < 0) return 'expired';
  if (left <= DUE_WITHIN_DAYS) return 'due';
  return 'ok';
}

export interface VaccinationView {
  vaccination: Vaccination;
  status: VaccinationStatus;
  daysLeft: number;
  /** Short word shown next to the colour ("Expired", "Due soon", "OK"). */
  label: string;
  /** A sentence for the row ("expired 3 days ago", "expires in 12 days", ...). */
  detail: string;
  /** CSS class carrying the colour. */
  cssClass: string;
}

const LABELS: Record<VaccinationStatus, string> = { expired: 'Expired', due: 'Due soon', ok: 'OK' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function describeVaccination(v: Vaccination, today: string): VaccinationView {
  const daysLeft = daysBetween(today, v.expiresOn);
  const status = vaccinationStatus(v.expiresOn, today);
  let detail: string;
  if (daysLeft < 0) detail = `expired ${plural(-daysLeft, 'day')} ago`;
  else if (daysLeft === 0) detail = 'expires today';
  else detail = `expires in ${plural(daysLeft, 'day')}`;
  return { vaccination: v, status, daysLeft, label: LABELS[status], detail, cssClass: `vacc-${status}` };
}

const ORDER: Record<VaccinationStatus, number> = { expired: 0, due: 1, ok: 2 };

/**
 * One row per vaccine name (the latest given), most urgent first: a vaccine given again supersedes the
 * older record, so an old expired record does not stay red after "mark as given".
 */
export function currentVaccinations(list: readonly Vaccination[], today: string): VaccinationView[] {
  const latest = new Map<string, Vaccination>();
  for (const v of list) {
    const key = v.name.trim().toLowerCase();
    const seen = latest.get(key);
    if (!seen || v.givenOn > seen.givenOn || (v.givenOn === seen.givenOn && v.id > seen.id)) latest.set(key, v);
  }
  return [...latest.values()]
    .map((v) => describeVaccination(v, today))
    .sort(
      (a, b) =>
        ORDER[a.status] - ORDER[b.status] ||
        a.daysLeft - b.daysLeft ||
        a.vaccination.name.localeCompare(b.vaccination.name),
    );
}

/** The default new expiry when marking as given: one year after `givenOn`. */
export function oneYearAfter(givenOn: string): string {
  const [y, m, d] = givenOn.split('-').map(Number);
  const date = new Date(Date.UTC(y + 1, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0); // 29 Feb -> 28 Feb
  return date.toISOString().slice(0, 10);
}
