/**
 * vitest globalSetup: one Chromium for the whole run. The main process
 * starts it as a playwright browser server and hands its endpoint to the
 * suites (`inject("chromiumEndpoint")`); each suite connects, makes its own
 * contexts, and disconnects. Nothing starts when Chromium is missing (the
 * suites then skip or, under CI, fail in ./chromium.ts) or when
 * TDX_BROWSER=off (`npm run test:unit`, which runs no browser suite).
 */
import { existsSync } from "node:fs";
import { chromium, type LaunchOptions } from "playwright-core";
import type { TestProject } from "vitest/node";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM,
  headless: true,
  // This machine's network is closed: keep Chromium from calling home at all.
  // (playwright gives every launch a fresh, empty profile in a new temporary user-data-dir.)
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

declare module "vitest" {
  export interface ProvidedContext { chromiumEndpoint: string }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TDX_BROWSER === "off" || !existsSync(CHROMIUM)) return undefined;
  const server = await chromium.launchServer(LAUNCH);
  project.provide("chromiumEndpoint", server.wsEndpoint());
  return () => server.close();
}
