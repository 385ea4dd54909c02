import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { ApiError } from '../core/api-error';
import { FieldErrors } from './field-errors';
import { FieldErrorsComponent } from './field-errors.component';

describe('FieldErrors', () => {
  it('keeps errors per field; unknown fields and the form message are general', () => {
    const errors = new FieldErrors('owner', ['firstName', 'city']);
    errors.set([
      { field: 'firstName', code: 'required', message: 'is required' },
      { field: 'firstName', code: 'x', message: 'second' },
      { field: 'tags[2]', code: 'pattern', message: 'bad tag' },
    ]);
    expect(errors.messagesFor('firstName')).toEqual(['is required', 'second']);
    expect(errors.messagesFor('city')).toEqual([]);
    expect(errors.describedBy('firstName')).toBe('owner-firstName-error');
    expect(errors.describedBy('city')).toBeNull();
    expect(errors.idFor('tags[2]')).toBe('owner-tags-2--error');
    expect(errors.general()).toEqual(['tags[2]: bad tag']);
  });

  it('takes a 422 problem per field, other errors as the form message', () => {
    const errors = new FieldErrors('f', ['name']);
    errors.fromError(new ApiError(422, 'Validation Failed', 'd', [{ field: 'name', code: 'unique', message: 'is already used' }]));
    expect(errors.messagesFor('name')).toEqual(['is already used']);
    expect(errors.formMessage()).toBeNull();

    errors.fromError(new ApiError(409, 'Conflict', 'the owner still has 1 dogs'));
    expect(errors.all()).toEqual([]);
    expect(errors.formMessage()).toBe('the owner still has 1 dogs');

    errors.fromError(new ApiError(409, 'Conflict', 'x'), { 409: 'Delete the dogs first.' });
    expect(errors.formMessage()).toBe('Delete the dogs first.');

    errors.fromError(new ApiError(0, 'Network error', ''));
    expect(errors.formMessage()).toContain('cannot be reached');
  });
});

@Component({
  imports: [FieldErrorsComponent],
  template: `<app-field-errors [errors]="errors" field="name" /><app-field-errors [errors]="errors" />`,
})
class HostComponent {
  readonly errors = new FieldErrors('pet', ['name']);
}

describe('FieldErrorsComponent', () => {
  it('renders the field messages as an alert with the id the input points at', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[role="alert"]')).toBeNull();

    fixture.componentInstance.errors.set([
      { field: 'name', code: 'required', message: 'is required' },
      { field: '', code: 'malformed_json', message: 'not JSON' },
    ]);
    await fixture.whenStable();
    const field = el.querySelector('#pet-name-error')!;
    expect(field.getAttribute('role')).toBe('alert');
    expect(field.textContent?.trim()).toBe('is required');
    expect(el.querySelector('#pet-form-error')?.textContent?.trim()).toBe('not JSON');
  });
});
