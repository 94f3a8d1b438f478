/**
 * Debian's Chromium driven by playwright-core. Without it the browser suites
 * skip with a message, except under CI=true, where they fail loudly.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  const message = `Chromium is missing at ${CHROMIUM}: the browser suite cannot run (bash scripts/setup-test.sh installs it, or set CHROMIUM_PATH)`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`SKIPPED: ${message}`);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine's network is closed: keep Chromium from calling home at all.
    // (playwright gives every launch a fresh, empty profile in a new temporary user-data-dir.)
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
