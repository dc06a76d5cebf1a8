import { describe, expect, it } from "vitest";
import { FormState } from "./form.svelte";

const refusal = (field: string | null) => ({
  code: "contract.bad_day",
  message: "Type a day like 2026-12-01.",
  field,
});

describe("FormState", () => {
  it("shows a refusal under the field it names", async () => {
    const form = new FormState(["day", "note"]);
    const ok = await form.run(() => Promise.reject(refusal("day")));
    expect(ok).toBe(false);
    expect(form.fieldError("day")).toBe("Type a day like 2026-12-01.");
    expect(form.fieldError("note")).toBeNull();
    expect(form.formError).toBeNull();
    expect(form.saving).toBe(false);
  });

  it("shows a refusal at the top when no field of the form can show it", async () => {
    const form = new FormState(["day"]);
    await form.run(() => Promise.reject(refusal("currency")));
    expect(form.formError).toBe("Type a day like 2026-12-01.");
    await form.run(() => Promise.reject(refusal(null)));
    expect(form.formError).toBe("Type a day like 2026-12-01.");
  });

  it("turns anything thrown into a sentence for people, and clears it on the next success", async () => {
    const form = new FormState([]);
    const quiet = console.error;
    console.error = () => {};
    await form.run(() => Promise.reject("invalid args `count` for command `backups_keep`: expected u32"));
    console.error = quiet;
    expect(form.formError).toContain("Check what you typed");
    expect(form.formError).not.toContain("u32");
    expect(await form.run(() => Promise.resolve())).toBe(true);
    expect(form.error).toBeNull();
  });

  it("runs one save at a time", async () => {
    const form = new FormState([]);
    let release = () => {};
    const first = form.run(() => new Promise<void>((r) => (release = r)));
    expect(form.saving).toBe(true);
    expect(await form.run(() => Promise.resolve())).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(form.saving).toBe(false);
  });

  it("keeps a check the action made itself before asking the core", async () => {
    const form = new FormState(["client_id"]);
    const ok = await form.run(async () => {
      form.error = { code: "ui.input", message: "Choose a client.", field: "client_id" };
    });
    expect(ok).toBe(false);
    expect(form.fieldError("client_id")).toBe("Choose a client.");
  });
});
