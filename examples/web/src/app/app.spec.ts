import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { provideRealCore } from '../testing/real-core';
import { App } from './app';
import { routes } from './app.routes';

describe('App shell', () => {
  beforeEach(async () => {
    localStorage.clear();
    await TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter(routes), provideHttpClient(), provideHttpClientTesting(), provideRealCore()],
    }).compileComponents();
  });

  it('has a skip link to the main landmark and no nav before signing in', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="skip-link"]')?.getAttribute('href')).toBe('#main');
    expect(el.querySelector('main#main')).not.toBeNull();
    expect(el.querySelector('nav')).toBeNull();
    expect(el.querySelector('[data-testid="nav-login"]')).not.toBeNull();
  });

  it('shows the nav to every page once signed in', async () => {
    localStorage.setItem('pawnotes.token', 't');
    localStorage.setItem(
      'pawnotes.user',
      JSON.stringify({ id: 1, username: 'ada', displayName: 'Ada', organizationId: 1, roles: ['viewer'] }),
    );
    TestBed.resetTestingModule();
    await TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter(routes), provideHttpClient(), provideHttpClientTesting(), provideRealCore()],
    }).compileComponents();
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const hrefs = Array.from(el.querySelectorAll('nav a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['/owners', '/notes/search', '/trainers', '/pet-types', '/specialties']);
    expect(el.querySelector('[data-testid="current-user"]')?.textContent).toContain('Ada');
  });
});
