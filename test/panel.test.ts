/**
 * The parameter panel in Debian's Chromium, as a maintainer tries it: a
 * preset switch gives exactly that preset; a refused typed value is said next
 * to its field and changes nothing; random valid scenarios survive a trip
 * through a page; Back undoes a change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Browser, Page } from "playwright-core";
import { hasChromium, launchChromium } from "./support/chromium.ts";
import { serveStatic } from "./support/static-server.ts";
import { buildSite } from "./support/site.ts";
import { PAGES, watch, commitNumber, mark, numberBox, pool, settle } from "./support/page-tools.ts";
import { PRESETS, fieldMetaAt, parseParams, scenarioSearch, type Params } from "../src/mod.ts";

const SEED = Number(process.env.FC_SEED ?? 20221122);

describe.skipIf(!hasChromium)("the parameter panel", () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    server = await serveStatic(buildSite().dir);
    browser = await launchChromium();
  }, 1_200_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await watch(page);
    await page.goto(new URL(path, server.url).href, { waitUntil: "load" });
    await settle(page);
    return page;
  }
  const figures = (page: Page) => page.locator("figure.tdx-figure [role=img]").evaluateAll((els) => els.map((el) => el.getAttribute("aria-label")));
  const search = (page: Page) => new URL(page.url()).search;

  it("switching from every preset to every other gives exactly ?preset=X and a fresh load's figures", async () => {
    const fresh = new Map<string, (string | null)[]>();
    await pool(PRESETS, PAGES, async (p) => {
      const page = await open(`shutdown.html?preset=${p.id}`);
      fresh.set(p.id, await figures(page));
      await page.close();
    });
    await pool(PRESETS, PAGES, async (from) => {
      const page = await open(`shutdown.html?preset=${from.id}&machine.idleCState=C1E&costs.hardirqNs=777`);
      // Each switch is over when the page shows the fresh load's figures (a poll, not a fixed quiet:
      // 56 switches); the last one is also left to settle, so a late overwrite would show.
      for (const to of PRESETS) {
        if (to.id === from.id) continue;
        await page.locator(".parameter-panel select").first().selectOption({ label: to.label });
        await expect.poll(() => figures(page), { message: `${from.id} -> ${to.id}`, timeout: 30_000, interval: 50 }).toEqual(fresh.get(to.id));
        await expect.poll(() => search(page), { message: `${from.id} -> ${to.id}`, timeout: 5_000, interval: 50 }).toBe(`?preset=${to.id}`);
      }
      await settle(page);
      const last = PRESETS.filter((p) => p.id !== from.id).at(-1)!;
      expect(search(page)).toBe(`?preset=${last.id}`);
      expect(await figures(page)).toEqual(fresh.get(last.id));
      await page.close();
    });
  }, 600_000);

  it("15 invalid typed values each show a message next to the field and change nothing", async () => {
    const cases: [string, string, string][] = [
      ["shutdown.html", "machine.sockets", "0"], ["shutdown.html", "machine.sockets", "17"], ["shutdown.html", "machine.sockets", "2.5"],
      ["shutdown.html", "machine.sockets", "-1"], ["shutdown.html", "machine.coresPerSocket", "0"], ["shutdown.html", "machine.coresPerSocket", "1e10"],
      ["shutdown.html", "machine.threadsPerCore", "5"], ["shutdown.html", "machine.maxcpus", "-3"], ["shutdown.html", "machine.maxcpus", "99999"],
      ["shutdown.html", "tdx.seamcallNs", "-5"], ["cost-benefit.html", "benefit.fleetHosts", "0"], ["cost-benefit.html", "benefit.fleetHosts", "1e9"],
      ["cost-benefit.html", "benefit.pBogusSeamcall", "2"], ["cost-benefit.html", "benefit.pInitFailure", "-0.1"], ["cost-benefit.html", "benefit.engineerHourUsd", "20000"],
    ];
    // One load per page: a refused value changes nothing, so each case starts from the page as loaded.
    const byPage = [...new Set(cases.map(([path]) => path))].map((path) => cases.filter((c) => c[0] === path));
    await pool(byPage, PAGES, async (mine) => {
      const page = await open(mine[0][0]);
      const before = { url: search(page), figures: await figures(page) };
      for (const [, field, typed] of mine) {
        const box = await numberBox(page, field);
        const shown = await box.inputValue();
        const note = page.locator(`.parameter-panel [data-path="${field}"] .field-message`);
        await note.evaluate((el) => { el.textContent = ""; }); // the previous case's message, so a new one can be seen arriving
        await box.fill(typed);
        await box.press("Enter");
        await box.blur();
        await expect.poll(() => note.textContent(), { timeout: 5_000 }).toMatch(/Not applied/);
        expect(await note.textContent(), `${field}=${typed}`).toMatch(/allowed (a whole number )?from /);
        expect(await box.inputValue(), `${field}=${typed}: the box shows the model's value again`).toBe(shown);
        await page.waitForTimeout(300);
        expect(search(page), `${field}=${typed}`).toBe(before.url);
        expect(await figures(page), `${field}=${typed}`).toEqual(before.figures);
      }
      await page.close();
    });
  }, 600_000);

  // 24, not more: each is a page load (about 0.6 s of a core even without the figures' work); the
  // kernel's own round trip (scenarioSearch -> scenarioFromEntries, what the panel calls) is checked
  // on 1,000 in test/url.test.ts.
  it("24 random valid scenarios come back from a page exactly, with no message", async () => {
    const arb = fc.record({
      preset: fc.constantFrom(...PRESETS.map((p) => p.id)),
      sockets: fc.integer({ min: 1, max: 2 }),
      cores: fc.integer({ min: 1, max: 32 }),
      idle: fc.integer({ min: 0, max: 4 }),
      seamcallNs: fc.double({ min: 100, max: 1e5, noNaN: true }),
      version: fc.constantFrom("1.0", "1.5"),
      rtPeriodUs: fc.integer({ min: 10, max: 2_000_000 }),
    });
    const samples = fc.sample(arb, { numRuns: 24, seed: SEED });
    // PAGES pages, each taking every PAGES-th sample in turn.
    await pool(Array.from({ length: PAGES }, (_, k) => samples.filter((_, i) => i % PAGES === k)), PAGES, async (mine) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await watch(page);
      // Only the panel's reading and writing of the link is tested here: the figures' work (the
      // kernel worker, the build's results) is not started, which makes a load a third as costly.
      await page.route(/\/_file\/(lib\/kernel-worker|data\/prefill\/)/, (route) => route.abort());
      for (const a of mine) {
        const r = parseParams({
          preset: a.preset, machine: { sockets: a.sockets, coresPerSocket: a.cores },
          workload: { idle: a.idle / 4, cfs: 1 - a.idle / 4, rt: 0, isolated: 0 },
          tdx: { seamcallNs: a.seamcallNs, moduleVersion: a.version },
          kernel: { rtPeriodUs: a.rtPeriodUs, rtRuntimeUs: Math.floor(a.rtPeriodUs / 2) },
        });
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        const s = scenarioSearch(r.params);
        await page.goto(new URL(`shutdown.html${s}`, server.url).href, { waitUntil: "load" });
        // The panel has read the link and written the address back (url-state.js flush()); the figures are not needed.
        await page.waitForFunction(() => document.querySelector(".print-scenario")?.textContent?.includes("Permalink:"), undefined, { polling: 50 });
        expect(await page.locator(".panel-messages").textContent(), s).toBe("");
        expect(search(page), s).toBe(s);
      }
      await page.close();
    });
  }, 600_000);

  it("a number box commits on Enter, never per keystroke: typing 100000 changes neither the URL nor the figures, and leaves one message", async () => {
    const page = await open("shutdown.html?preset=emr-2s");
    const before = { url: search(page), figures: await figures(page) };
    const box = await numberBox(page, "machine.coresPerSocket");
    await box.click();
    await box.fill("");
    // Keystroke by keystroke: 1, 10, 100, 1000 would each be valid.
    await page.keyboard.type("100000", { delay: 30 });
    await page.waitForTimeout(400);
    expect(search(page), "while typing").toBe(before.url);
    expect(await figures(page), "while typing").toEqual(before.figures);
    await box.press("Enter");
    const note = page.locator('.parameter-panel [data-path="machine.coresPerSocket"] .field-message');
    await expect.poll(() => note.textContent(), { timeout: 5_000 }).toMatch(/above the allowed range.*Not applied/);
    await page.waitForTimeout(300);
    expect(search(page)).toBe(before.url);
    expect(await figures(page)).toEqual(before.figures);
    expect(await page.locator(".parameter-panel .field-message:not(:empty)").count(), "one message").toBe(1);
    expect(await page.locator(".panel-messages p").count()).toBe(0);
    await page.close();
  }, 120_000);

  it("numbers that overflow or underflow get their own message and change nothing", async () => {
    const page = await open("cost-benefit.html?preset=emr-2s");
    const before = search(page);
    // The browser itself refuses to hold 1e400 or Infinity in a number box (badInput); 1e-400 it holds, as 0.
    for (const [typed, message] of [["1e400", /not a number this box can hold|overflows to infinity/], ["Infinity", /not a number this box can hold|is infinite/], ["1e-400", /too small a number: it underflows to 0/]] as const) {
      const box = await numberBox(page, "benefit.pBogusSeamcall");
      // Typed as a reader types (fill() would set the value from script, which the browser sanitises to "" silently).
      await box.fill("");
      await box.click();
      await page.keyboard.type(typed);
      await box.press("Enter");
      const note = page.locator('.parameter-panel [data-path="benefit.pBogusSeamcall"] .field-message');
      await expect.poll(() => note.textContent(), { timeout: 5_000 }).toMatch(message);
      expect(search(page), typed).toBe(before);
    }
    await page.close();
  }, 120_000);

  it("Back after two committed changes returns to the first", async () => {
    const page = await open("shutdown.html?preset=emr-2s");
    const box = await numberBox(page, "tdx.seamcallNs");
    for (const v of ["2000", "3000"]) {
      const t = await mark(page);
      await box.fill(v);
      await box.press("Enter");
      await settle(page, { since: t });
      await page.waitForTimeout(700);
    }
    expect(search(page)).toBe("?preset=emr-2s&tdx.seamcallNs=3000");
    const t = await mark(page);
    await page.goBack();
    await settle(page, { since: t });
    expect(search(page)).toBe("?preset=emr-2s&tdx.seamcallNs=2000");
    expect(await box.inputValue()).toBe("2000");
    await page.close();
  }, 120_000);

  it("on a phone, a field's help opens on a tap of its \"?\" and changes nothing", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await watch(page);
    await page.goto(new URL("shutdown.html?preset=emr-2s", server.url).href, { waitUntil: "load" });
    await settle(page);
    const field = page.locator('[data-path="tdx.seamcallNs"]');
    const help = (fieldMetaAt("tdx.seamcallNs")?.help ?? "").trim();
    expect(help.length).toBeGreaterThan(20);
    const text = field.locator(".field-help p");
    expect(await text.isVisible()).toBe(false);
    await field.locator(".field-help summary").tap();
    expect(await text.isVisible()).toBe(true);
    expect((await text.textContent())?.trim()).toBe(help);
    expect(search(page)).toBe("?preset=emr-2s");
    await context.close();
  }, 120_000);

  it("Back undoes a settled change", async () => {
    const page = await open("shutdown.html?preset=emr-2s");
    const start = { url: search(page), figures: await figures(page) };
    await commitNumber(page, "machine.sockets", 1);
    await page.waitForTimeout(700); // the change settles into its own history entry
    expect(search(page)).toBe("?preset=emr-2s&machine.sockets=1");
    const t2 = await mark(page);
    await page.goBack();
    await settle(page, { since: t2 });
    expect(search(page)).toBe(start.url);
    expect(await (await numberBox(page, "machine.sockets")).inputValue()).toBe("2");
    expect(await figures(page)).toEqual(start.figures);
    await page.close();
  }, 120_000);
});
