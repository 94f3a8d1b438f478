/**
 * npm run screenshots [-- page ...]: full-page screenshots of the built site
 * (dist/, after npm run build) in light and dark at 1280x800 and on a phone
 * at 390x844, into screenshots/, for a person to look at.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { launchChromium } from "../test/support/chromium.ts";
import { serveStatic } from "../test/support/static-server.ts";
import { watch, settle } from "../test/support/page-tools.ts";
import { paintAll } from "../test/support/layout.ts";

const VIEWS = [
  { name: "light", width: 1280, height: 800, colorScheme: "light" },
  { name: "dark", width: 1280, height: 800, colorScheme: "dark" },
  { name: "phone", width: 390, height: 844, colorScheme: "light" },
] as const;

const wanted = process.argv.slice(2);
const pages = wanted.length ? wanted : readdirSync("dist").filter((f) => f.endsWith(".html")).map((f) => f.replace(/\.html$/, ""));
mkdirSync("screenshots", { recursive: true });
const server = await serveStatic("dist");
const browser = await launchChromium();
try {
  for (const view of VIEWS) {
    const context = await browser.newContext({ viewport: { width: view.width, height: view.height }, colorScheme: view.colorScheme });
    for (const name of pages) {
      const page = await context.newPage();
      await watch(page);
      const [path, query = ""] = name.split("?");
      await page.goto(new URL(`./${path}.html${query ? `?${query}` : ""}`, server.url).href, { waitUntil: "load" });
      await settle(page);
      await paintAll(page); // tables out of view are painted too (content-visibility: auto)
      const file = `screenshots/${path.replace(/\W+/g, "-")}${query ? "-" + query.replace(/\W+/g, "-").slice(0, 40) : ""}-${view.name}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      // Tall pages also in screen-sized parts, legible at a glance; an earlier, longer page's extra parts go.
      const base = file.slice("screenshots/".length, -".png".length);
      for (const f of readdirSync("screenshots")) if (f.startsWith(`${base}.`) && /^\d+\.png$/.test(f.slice(base.length + 1))) rmSync(`screenshots/${f}`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const part = view.height * 2;
      for (let y = 0, k = 1; height > part && y < height; y += part, k++) {
        await page.screenshot({ path: file.replace(/\.png$/, `.${k}.png`), fullPage: true, clip: { x: 0, y, width: view.width, height: Math.min(part, height - y) } });
      }
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
