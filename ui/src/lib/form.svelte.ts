// One form's state: whether it is saving, and the core's refusal (code, message, field).
// Every form uses this, so each one shows a refusal the same way: under the field it
// names, or at the top of the form when the form has no such field (never lost). The
// form sends what the user typed; the core parses it and names the field.
import { asCommandError, type CommandError } from "./api";

export class FormState {
  error = $state<CommandError | null>(null);
  saving = $state(false);
  /** The fields this form shows: a refusal naming another one goes at the top. */
  readonly #fields: readonly string[];

  constructor(fields: readonly string[] = []) {
    this.#fields = fields;
  }

  /** The message for `field`, when the last refusal named it. */
  fieldError = (field: string): string | null => (this.error?.field === field ? this.error.message : null);

  /** The message for the top of the form: a refusal no field of this form can show. */
  get formError(): string | null {
    const e = this.error;
    if (!e) return null;
    return e.field !== null && this.#fields.includes(e.field) ? null : e.message;
  }

  /** Runs `action` once at a time; a refusal is kept for the form to show. */
  async run(action: () => Promise<unknown>): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    // Cleared first, so a check the action makes before asking the core can set its own.
    this.error = null;
    try {
      await action();
      return this.error === null;
    } catch (err) {
      this.error = asCommandError(err);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** A submit handler: no page reload, then `run`. */
  submit(action: () => Promise<unknown>): (e: SubmitEvent) => Promise<void> {
    return async (e: SubmitEvent) => {
      e.preventDefault();
      await this.run(action);
    };
  }
}
