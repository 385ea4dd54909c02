import type { Vaccination } from '@pawnotes/core';
import { currentVaccinations, describeVaccination, oneYearAfter, vaccinationStatus } from './vaccination-status';

function vacc(id: number, name: string, givenOn: string, expiresOn: string): Vaccination {
  return { id, dogId: 1, name, givenOn, expiresOn, status: 'ok', daysLeft: 0, version: 1 };
}

describe('vaccinationStatus', () => {
  const today = '2026-11-24';
  it('is expired before today', () => {
    expect(vaccinationStatus('2026-11-23', today)).toBe('expired');
  });
  it('is due from today up to 30 days ahead', () => {
    expect(vaccinationStatus('2026-11-24', today)).toBe('due');
    expect(vaccinationStatus('2026-12-24', today)).toBe('due');
  });
  it('is ok after 30 days', () => {
    expect(vaccinationStatus('2026-12-25', today)).toBe('ok');
  });
  it('counts across a year boundary and a leap day', () => {
    expect(vaccinationStatus('2028-03-01', '2028-01-31')).toBe('due'); // 30 days (29 Feb)
    expect(vaccinationStatus('2028-03-02', '2028-01-31')).toBe('ok');
  });
});

describe('describeVaccination', () => {
  it('maps each status to a colour class and a text label (not colour alone)', () => {
    const today = '2026-11-24';
    const expired = describeVaccination(vacc(1, 'Rabies', '2023-10-11', '2026-10-10'), today);
    expect([expired.status, expired.cssClass, expired.label, expired.detail]).toEqual([
      'expired', 'vacc-expired', 'Expired', 'expired 45 days ago',
    ]);
    const due = describeVaccination(vacc(2, 'DHPP', '2023-12-07', '2026-12-06'), today);
    expect([due.status, due.cssClass, due.label, due.detail]).toEqual(['due', 'vacc-due', 'Due soon', 'expires in 12 days']);
    const ok = describeVaccination(vacc(3, 'Lepto', '2026-06-12', '2027-06-12'), today);
    expect([ok.status, ok.cssClass, ok.label]).toEqual(['ok', 'vacc-ok', 'OK']);
    expect(describeVaccination(vacc(4, 'X', '2026-01-01', '2026-11-25'), today).detail).toBe('expires in 1 day');
  });
});

describe('currentVaccinations', () => {
  it('keeps the latest dose of each vaccine, most urgent first', () => {
    const rows = currentVaccinations(
      [
        vacc(1, 'Rabies', '2023-10-11', '2026-10-10'),
        vacc(2, 'DHPP', '2023-12-07', '2026-12-06'),
        vacc(3, 'Lepto', '2026-06-12', '2027-06-12'),
        vacc(4, 'rabies', '2026-11-24', '2027-11-24'),
        vacc(5, 'Kennel', '2020-01-01', '2021-01-01'),
      ],
      '2026-11-24',
    );
    expect(rows.map((r) => [r.vaccination.id, r.status])).toEqual([
      [5, 'expired'],
      [2, 'due'],
      [3, 'ok'],
      [4, 'ok'],
    ]);
  });
});

describe('oneYearAfter', () => {
  it('adds a year, 29 February becoming 28 February', () => {
    expect(oneYearAfter('2026-11-24')).toBe('2027-11-24');
    expect(oneYearAfter('2028-02-29')).toBe('2029-02-28');
  });
});
