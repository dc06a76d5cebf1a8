// The UI's only door to the core: the generated, typed commands. A failed command comes
// back as a CommandError (stable code, message, field) that forms show next to the field.
import { commands, type CommandError } from "./bindings";
import { prose } from "./format";

export { commands };
export type * from "./bindings";

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: CommandError };

/** Resolves to the data, or throws the CommandError for the caller to show. */
export async function call<T>(pending: Promise<Outcome<T>>): Promise<T> {
  const outcome = await pending;
  // A refusal's days ("after today ({date:2026-12-01})") in the UI's style.
  if (outcome.status === "error") throw { ...outcome.error, message: prose(outcome.error.message) };
  return outcome.data;
}

/** Anything thrown by `call` (or by the IPC layer itself) as a CommandError. The IPC
 *  layer's own errors ("invalid args `count` …: expected u32") are for developers: the
 *  user reads a sentence, the console keeps the detail. */
export function asCommandError(e: unknown): CommandError {
  if (e && typeof e === "object" && "code" in e && "message" in e) return e as CommandError;
  console.error("Juggle: an action failed outside the core:", e);
  return {
    code: "ui.unexpected",
    message: "Juggle could not read what was sent for that action. Check what you typed and try again.",
    field: null,
  };
}
