/**
 * Time from a control change to the updated figure, in Debian's Chromium,
 * against the built site (npm run build first). For each page and control:
 * set the value, dispatch the input event, and wait in the page for the
 * figure's text alternative to change (a MutationObserver fires on the new
 * figure); performance.now() on both ends, inside the page. Median of N.
 *   npx tsx scripts/measure-interaction.mts
 */
import { serveStatic } from "../test/support/static-server.ts";
import { launchChromium } from "../test/support/chromium.ts";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const N = 15;
const cases = [
  { page: "shutdown.html", control: "Sockets", values: ["1", "2"], figure: "The price of telling every LP", note: "one run of every strategy, main thread" },
  { page: "mechanisms.html", control: "Sockets", values: ["1", "2"], figure: "What every CPU does during one shutdown", note: "swimlanes, one run of 3 strategies, main thread" },
  { page: "index.html", control: "Sockets", values: ["1", "2"], figure: "What each strategy costs the caller", note: "30-run Monte Carlo of 7 strategies in a Web Worker" },
];

const server = await serveStatic("dist");
const browser = await launchChromium();
console.log(`control change -> updated figure, median of ${N} (default preset emr-2s, 256 LPs, 2-core machine)`);
for (const c of cases) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const t0 = Date.now();
  await page.goto(server.url + c.page);
  // Wait until the control and the figure are both on the page.
  await page.waitForFunction(`[...document.querySelectorAll("input[type=number]")].some((e) => e.labels && e.labels[0] && e.labels[0].textContent === ${JSON.stringify(c.control)}) && [...document.querySelectorAll("figure.tdx-figure h3")].some((h) => h.textContent === ${JSON.stringify(c.figure)})`, null, { timeout: 60_000, polling: 50 });
  const loadMs = Date.now() - t0;
  await page.waitForTimeout(1000);
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const value = c.values[i % 2];
    // A string, not a function: tsx would wrap a serialised function in helpers the page lacks.
    const ms = await page.evaluate(`(async () => {
      const control = ${JSON.stringify(c.control)}, value = ${JSON.stringify(value)}, figure = ${JSON.stringify(c.figure)};
      const input = [...document.querySelectorAll("input[type=number]")].find((e) => e.labels && e.labels[0] && e.labels[0].textContent === control);
      const alt = () => { const f = [...document.querySelectorAll("figure.tdx-figure")].find((f) => f.querySelector("h3").textContent === figure); return f && f.querySelector("[role=img]").getAttribute("aria-label"); };
      const before = alt();
      const t0 = performance.now();
      const done = new Promise((resolve) => {
        const obs = new MutationObserver(() => { if (alt() !== before) { obs.disconnect(); resolve(performance.now() - t0); } });
        obs.observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      return done;
    })()`) as number;
    times.push(ms);
    await page.waitForTimeout(100);
  }
  times.sort((a, b) => a - b);
  console.log(`${c.page.padEnd(18)} first figure after ${loadMs} ms;`);
  console.log(`${"".padEnd(18)} median ${times[Math.floor(N / 2)].toFixed(1).padStart(6)} ms  min ${times[0].toFixed(1)}  max ${times[N - 1].toFixed(1)}  (${c.note})`);
  await page.close();
}
await browser.close();
await server.close();

// Page weight: each page's HTML plus the JS and data it references (gzip not applied).
const size = (f: string) => statSync(f).size;
const files = (dir: string): string[] => readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? files(join(dir, e)) : [join(dir, e)]));
const all = files("dist");
console.log("\npage weights (bytes, uncompressed): HTML, JS modules it preloads, data files it attaches");
for (const html of all.filter((f) => f.endsWith(".html"))) {
  const text = (await import("node:fs")).readFileSync(html, "utf-8");
  const refs = [...text.matchAll(/(?:href|src)="\.\/([^"]+)"/g)].map((m) => join("dist", m[1]));
  const js = refs.filter((r) => r.endsWith(".js") && all.includes(r)).reduce((a, r) => a + size(r), 0);
  const data = [...text.matchAll(/"(\.\/_file\/[^"]+)"/g)].map((m) => join("dist", m[1].slice(2))).filter((r) => all.includes(r)).reduce((a, r) => a + size(r), 0);
  console.log(`${html.replace("dist/", "").padEnd(18)} html ${String(size(html)).padStart(7)}  js ${String(js).padStart(8)}  data ${String(data).padStart(8)}`);
}
