// The journeys' `test`: Playwright's, with one rule added to every journey —
// the app must never panic. A Rust panic in the wasm (console_error_panic_hook
// logs "panicked at …", then the module traps with "unreachable") can leave
// the page dead however right it looked a moment before, so any panic, on any
// page of any context the journey opens, fails the journey that caused it.
import { expect, test as base, type BrowserContext } from '@playwright/test';

/** What the wasm says when it panics or traps. */
const PANIC = /panicked at|RuntimeError|\bunreachable\b/;

function watch(context: BrowserContext, panics: string[]) {
  context.on('console', (m) => {
    if (PANIC.test(m.text())) panics.push(m.text());
  });
  context.on('weberror', (e) => {
    if (PANIC.test(String(e.error()))) panics.push(String(e.error()));
  });
}

export const test = base.extend<{ noPanics: void }>({
  noPanics: [
    async ({ context, browser }, use) => {
      const panics: string[] = [];
      watch(context, panics);
      // Contexts the journey makes itself ("a fresh browser") are watched too.
      const newContext = browser.newContext;
      browser.newContext = async (...args) => {
        const made = await newContext.apply(browser, args);
        watch(made, panics);
        return made;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      expect(panics, 'the app panicked (a signal read after its screen was gone, or worse)').toEqual([]);
    },
    { auto: true },
  ],
});
