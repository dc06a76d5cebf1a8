// The book as the screens know it: a version that goes up whenever the data file changed,
// whoever changed it (this app, the CLI in a terminal, a sync). The shell watches the file
// and emits `book-changed`; every screen's load effect reads `book.version`, so it reloads
// by itself and nothing shown stays stale.
import { listen } from "@tauri-apps/api/event";

export const book = $state({ version: 0 });

/** Starts listening; returns the function that stops it. Call once, from the app shell. */
export async function watchBook(): Promise<() => void> {
  return listen("book-changed", () => {
    book.version += 1;
  });
}
