// The one Undo the app offers after a delete: a toast that says what went (and what else
// changed), with Undo for a few seconds. Taking it back is the core's work (a trash entry
// or a skipped occurrence restored), never the UI re-creating rows.

export type UndoOffer = {
  /** "Deleted “Weekly check-in”." */
  message: string;
  /** What else changed, when the core says so. */
  note: string | null;
  /** Takes the delete back. */
  run: () => Promise<unknown>;
};

export const undo = $state<{ offer: UndoOffer | null; error: string | null }>({ offer: null, error: null });

/** Offers Undo for `offer`, replacing any earlier one. */
export function offerUndo(offer: UndoOffer): void {
  undo.offer = offer;
  undo.error = null;
}

/** Runs the Undo on offer; a refusal (too late, already undone) is shown in its place. */
export async function takeBack(): Promise<void> {
  const offer = undo.offer;
  if (!offer) return;
  try {
    await offer.run();
    undo.offer = null;
  } catch (e) {
    undo.error = e && typeof e === "object" && "message" in e ? String(e.message) : String(e);
    undo.offer = null;
  }
}
