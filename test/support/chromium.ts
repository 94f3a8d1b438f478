/**
 * Debian's Chromium driven by playwright-core. Without it the browser suites
 * skip with a message, except under CI=true, where they fail loudly.
 *
 * Inside vitest every suite shares the one browser that
 * ./chromium-server.ts starts for the run; a script outside vitest
 * (./dev-reload-check.ts) launches its own.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { inject } from "vitest";
import { CHROMIUM, LAUNCH } from "./chromium-server.ts";

export { CHROMIUM };
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  const message = `Chromium is missing at ${CHROMIUM}: the browser suite cannot run (bash scripts/setup-test.sh installs it, or set CHROMIUM_PATH)`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`SKIPPED: ${message}`);
}

/** The run's shared browser server, if this is a vitest worker and one was started. */
function sharedEndpoint(): string | undefined {
  try {
    return inject("chromiumEndpoint");
  } catch {
    return undefined; // not inside a vitest worker
  }
}

/**
 * A browser to open pages in. Connected to the shared server, `close()`
 * drops this suite's contexts and disconnects, leaving the browser to the
 * next suite.
 */
export async function launchChromium(): Promise<Browser> {
  const endpoint = sharedEndpoint();
  return endpoint ? chromium.connect(endpoint) : chromium.launch(LAUNCH);
}
