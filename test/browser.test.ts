/**
 * The built site in Debian's Chromium: every page loads cleanly and stays on
 * its origin; controls drive figures and the URL; a URL restores a scenario;
 * bad URL values are reported, never injected; the keyboard alone works.
 * Screenshots of every page go to screenshots/ for review.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./support/chromium.ts";
import { serveStatic } from "./support/static-server.ts";
import { buildSite, pages } from "./support/site.ts";

describe.skipIf(!hasChromium)("the site in Chromium", () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    buildSite();
    server = await serveStatic("dist");
    browser = await launchChromium();
    mkdirSync("screenshots", { recursive: true });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Open a page and wait until every cell has settled (figures drawn, workers answered). */
  async function open(path: string, log?: { errors: string[]; offOrigin: string[] }): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    if (log) {
      page.on("console", (m) => { if (m.type() === "error") log.errors.push(m.text()); });
      page.on("pageerror", (e) => log.errors.push(e.message));
      page.on("requestfailed", (r) => log.errors.push(`request failed: ${r.url()}`));
      page.on("response", (r) => { if (r.status() >= 400) log.errors.push(`${r.status()} ${r.url()}`); });
      page.on("request", (r) => { if (!/^(blob|data):/.test(r.url()) && !r.url().startsWith(server.url)) log.offOrigin.push(r.url()); });
    }
    page.on("dialog", (d) => { throw new Error(`unexpected dialog: ${d.message()}`); });
    await page.goto(new URL(path, server.url).href, { waitUntil: "networkidle" });
    await settle(page);
    return page;
  }

  /** Wait for figures to be drawn and for pending cells to resolve. */
  async function settle(page: Page) {
    await page.waitForFunction(() => document.querySelectorAll(".observablehq--running, .observablehq--loading").length === 0, null, { timeout: 30_000 }).catch(() => {});
    await page.waitForTimeout(300);
  }

  const figureText = (page: Page, title: string) =>
    page.locator("figure.tdx-figure", { has: page.locator("h3", { hasText: title }) }).first().locator("[role=img]").getAttribute("aria-label");

  it("loads every page with no console error, no cell error and no request off the origin", async () => {
    for (const path of await pages()) {
      const log = { errors: [] as string[], offOrigin: [] as string[] };
      const page = await open(`.${path}.html`, log);
      const cellErrors = await page.locator(".observablehq--error").allTextContents();
      await page.screenshot({ path: `screenshots${path}.png`, fullPage: true });
      expect(log.errors, path).toEqual([]); // includes 4xx responses and failed requests
      expect(cellErrors, path).toEqual([]);
      expect(log.offOrigin, path).toEqual([]);
      expect(await page.locator("figure.tdx-figure").count(), `${path} has figures`).toBeGreaterThan(path === "/index" ? 1 : 0);
      await page.close();
    }
  }, 300_000);

  it("a control changes the figure and the URL; the URL restores the same figure in a new page", async () => {
    const page = await open("./shutdown.html");
    const title = "The price of telling every LP";
    const before = await figureText(page, title);
    const sockets = page.getByRole("spinbutton", { name: "Sockets" });
    await sockets.fill("1");
    await sockets.dispatchEvent("input");
    await settle(page);
    const after = await figureText(page, title);
    expect(after).not.toBe(before);
    const url = page.url();
    expect(new URL(url).searchParams.get("machine.sockets")).toBe("1");

    const again = await open(url);
    expect(await figureText(again, title)).toBe(after);
    expect(await again.getByRole("spinbutton", { name: "Sockets" }).inputValue()).toBe("1");
    await page.close();
    await again.close();
  }, 120_000);

  it("an invalid URL value shows a message and falls back to the preset's value", async () => {
    const page = await open("./shutdown.html?preset=tiny-4&costs.hardirqNs=-5");
    const message = page.locator(".panel-messages");
    await expect.poll(() => message.textContent()).toMatch(/costs\.hardirqNs=-5 is invalid \(below the allowed range/);
    expect(new URL(page.url()).searchParams.get("costs.hardirqNs")).toBeNull();
    await page.close();
  }, 60_000);

  it("never turns a URL value into HTML", async () => {
    const evil = encodeURIComponent(`<img src=x onerror="document.title='pwned'">`);
    const page = await open(`./index.html?costs.hardirqNs=${evil}&${evil}=1`);
    const message = page.locator(".panel-messages");
    await expect.poll(() => message.textContent()).toMatch(/<img src=x/);
    expect(await page.locator(".panel-messages img").count()).toBe(0);
    expect(await page.title()).not.toBe("pwned");
    await page.close();
  }, 60_000);

  it("the keyboard alone operates the controls", async () => {
    const page = await open("./mechanisms.html?preset=tiny-4");
    const title = "What every CPU does during one shutdown";
    const before = await figureText(page, title);
    // Tab to the preset selector, choose the next preset with the arrow keys.
    for (let i = 0; i < 60 && !(await page.evaluate(() => document.activeElement?.tagName === "SELECT")); i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("SELECT");
    await page.keyboard.press("ArrowUp");
    await settle(page);
    expect(new URL(page.url()).searchParams.get("preset")).not.toBe("tiny-4");
    // Tab on to the "serial" strategy checkbox and tick it with the space bar.
    const onSerial = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === "checkbox" && document.activeElement?.parentElement?.textContent?.trim() === "serial");
    for (let i = 0; i < 200 && !(await onSerial()); i++) await page.keyboard.press("Tab");
    expect(await onSerial()).toBe(true);
    await page.keyboard.press("Space");
    await settle(page);
    const after = await figureText(page, title);
    expect(after).not.toBe(before);
    expect(after).toMatch(/serial: caller returns/);
    await page.close();
  }, 120_000);

  it("every figure offers its data as CSV and JSON", async () => {
    const page = await open("./scaling.html");
    const fig = page.locator("figure.tdx-figure").first();
    const href = await fig.locator("a[download$='.csv']").getAttribute("href");
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv.split("\r\n")[0]).toMatch(/^scenario,strategy,lps,metric,p50/);
    const json = await page.evaluate(async (u) => (await fetch(u!)).json(), await fig.locator("a[download$='.json']").getAttribute("href"));
    expect(json.length).toBe(csv.trim().split("\r\n").length - 1);
    await page.close();
  }, 60_000);
});
