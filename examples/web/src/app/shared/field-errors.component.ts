import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { FieldErrors } from './field-errors';

/**
 * The errors of one field (`field` given) under its input, or the form's general errors (no `field`).
 * The element's id is errors.idFor(field): the input points at it with aria-describedby.
 */
@Component({
  selector: 'app-field-errors',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (messages().length > 0) {
      <div class="field-error" role="alert" [id]="elementId()" [attr.data-testid]="elementId()">
        @for (message of messages(); track $index) {
          <div>{{ message }}</div>
        }
      </div>
    }
  `,
})
export class FieldErrorsComponent {
  readonly errors = input.required<FieldErrors>();
  /** The field; absent: the general errors of the form. */
  readonly field = input<string | undefined>(undefined);

  protected readonly messages = computed(() => {
    const field = this.field();
    return field === undefined ? this.errors().general() : this.errors().messagesFor(field);
  });
  protected readonly elementId = computed(() => {
    const field = this.field();
    return field === undefined ? `${this.errors().form}-form-error` : this.errors().idFor(field);
  });
}
