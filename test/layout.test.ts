/**
 * What a reader sees, on every page at 390x844 (light and dark at 1280x800
 * are checked on the page loads test/browser.test.ts shares): no sideways scrolling, no chart text outside its chart or on top
 * of other text, no text coloured like the background, no plot area under
 * 250 px wide, a styled panel.
 * Screenshots go to screenshots/layout/ for a human look.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { hasChromium, launchChromium } from "./support/chromium.ts";
import { serveStatic } from "./support/static-server.ts";
import { buildSite, pageFile, pages } from "./support/site.ts";
import { PAGES, watch, pool, settle } from "./support/page-tools.ts";
import { LAYOUT_PROBE, layoutProblems, layoutShot } from "./support/layout.ts";

const VIEWS = [
  { name: "phone", width: 390, height: 844, colorScheme: "light" },
] as const;

describe.skipIf(!hasChromium)("layout of every page", () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let paths: string[];

  beforeAll(async () => {
    server = await serveStatic(buildSite().dir);
    browser = await launchChromium();
    paths = await pages();
    mkdirSync("screenshots/layout", { recursive: true });
  }, 1_200_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const view of VIEWS) {
    it(`${view.name} (${view.width}x${view.height}): nothing overflows, overlaps or vanishes`, async () => {
      const context = await browser.newContext({ viewport: { width: view.width, height: view.height }, colorScheme: view.colorScheme });
      // Problems by page, in the page list's order whatever order the pages finish in.
      const found: string[][] = paths.map(() => []);
      await pool(paths, PAGES, async (path, i) => {
        const problems = found[i];
        const page = await context.newPage();
        await watch(page);
        await page.goto(new URL(`./${pageFile(path)}`, server.url).href, { waitUntil: "load" });
        await settle(page);
        for (const p of await layoutProblems(page, view.name === "phone")) problems.push(`${path}: ${p}`);
        await page.screenshot({ path: layoutShot(path, view.name), fullPage: true });
        await page.close();
      });
      await context.close();
      expect(found.flat()).toEqual([]);
    }, 600_000);
  }

  it("the probe does find what it looks for (a chart made to break every rule)", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 600 } });
    await page.setContent(`<style>:root{--theme-background:#ffffff}</style><body style="margin:0">
      <figure class="tdx-figure"><h3>bad</h3><div class="chart"><svg role="img" width="200" height="100">
        <text x="10" y="20">first label</text><text x="12" y="22">second label</text>
        <text x="180" y="50">runs off the edge of the chart</text>
        <text x="10" y="80" fill="#fdfdfd">white on white</text></svg></div></figure>
      <div style="width:900px">too wide</div></body>`);
    const found = (await page.evaluate(LAYOUT_PROBE)) as string[];
    expect(found.some((p) => p.includes("scrolls sideways"))).toBe(true);
    expect(found.some((p) => p.includes("overlapping text"))).toBe(true);
    expect(found.some((p) => p.includes("outside its chart"))).toBe(true);
    expect(found.some((p) => p.includes("coloured like the background"))).toBe(true);
    // A real Plot chart with the old 150 px label margin, at a phone's width: its plot area is too narrow.
    await page.setContent(`<body style="margin:0"><figure class="tdx-figure"><h3>cramped</h3><div class="chart"></div></figure></body>`);
    await page.addScriptTag({ path: "node_modules/d3/dist/d3.min.js" });
    await page.addScriptTag({ path: "node_modules/@observablehq/plot/dist/plot.umd.min.js" });
    await page.evaluate(() => {
      const { Plot } = globalThis as unknown as { Plot: { plot(o: object): Element; dotX(d: number[], o: object): unknown } };
      const chart = Plot.plot({ width: 326, marginLeft: 150, marginRight: 90, y: { domain: ["a", "b"] }, marks: [Plot.dotX([1, 2], { y: (_: number, i: number) => "ab"[i] })] });
      chart.setAttribute("role", "img");
      document.querySelector(".chart")!.append(chart);
    });
    expect(await page.evaluate(LAYOUT_PROBE)).toContain("cramped: plot area 86 px wide, under 250 px");
    // A table that cannot fit its box: on a phone a table meant as cards, on a desktop a reference table.
    const wide = (cls: string) => `<body style="margin:0"><div class="plain-table" style="overflow-x:auto;max-width:100%"><table class="${cls}"><caption>too many columns</caption><thead><tr><th>a</th></tr></thead><tbody><tr><td style="min-width:900px">x</td></tr></tbody></table></div></body>`;
    await page.setContent(wide("cards"));
    expect(await layoutProblems(page, true)).toContain("a table meant as cards scrolls sideways on a phone: too many columns");
    await page.setViewportSize({ width: 800, height: 600 });
    await page.setContent(wide(""));
    expect(await layoutProblems(page, false)).toContain("a table is wider than the page column (a…)");
    await page.close();
  });
});
