import { TestBed } from '@angular/core/testing';

import { provideRealCore } from '../../testing/real-core';
import { CoreService, localToday } from './core.service';

describe('CoreService (real WASM core)', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideRealCore()] }));

  it('reports every invalid field with the core messages', async () => {
    const core = TestBed.inject(CoreService);
    const errors = await core.check('owner', { firstName: 'B0b', lastName: '', address: 'a', city: 'c', telephone: '12ab' });
    expect(errors.map((e) => e.field)).toEqual(['firstName', 'lastName', 'telephone']);
    expect(errors[0].message).toBe('must contain only letters, separated by single spaces, apostrophes or hyphens');
    expect(core.core()).not.toBeNull();
  });

  it('accepts a valid owner', async () => {
    const core = TestBed.inject(CoreService);
    const errors = await core.check('owner', { firstName: 'Ada', lastName: 'Lovelace', address: '1 Road', city: 'Madison', telephone: '6085551023' });
    expect(errors).toEqual([]);
  });

  it('formats today in local time', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
