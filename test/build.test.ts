/**
 * The static site builds (with no network at all when run as root: unshare
 * -n, from an empty Framework cache), every page of the config is in the
 * output, and nothing in it would make the browser fetch from another origin.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseHTML } from "linkedom";
import { asRoot, buildSite, pageFile, pages, type SiteBuild } from "./support/site.ts";
import { PARAMETER_TABLE, fieldMetaAt } from "../src/mod.ts";

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const EXTERNAL = /^\s*(?:https?:)?\/\//i;
/** Hosts that only ever serve code, styles or fonts: never acceptable anywhere in the output. */
const CDN = /\b(?:fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.jsdelivr\.net|unpkg\.com|esm\.sh|cdnjs\.cloudflare\.com|esm\.run|ga\.jspm\.io|api\.observablehq\.com|events\.observablehq\.com|use\.typekit\.net)\b/g;

/** url(...) and @import targets in a stylesheet that leave the origin. */
function cssFetches(css: string): string[] {
  const out: string[] = [];
  for (const m of css.matchAll(/url\(\s*(["']?)([^"')]*)\1\s*\)/gi)) if (EXTERNAL.test(m[2])) out.push(`url(${m[2]})`);
  for (const m of css.matchAll(/@import\s+(["'])([^"']*)\1/gi)) if (EXTERNAL.test(m[2])) out.push(`@import ${m[2]}`);
  return out;
}

/** Everything in an HTML page the browser would fetch (not <a href>, which is a link the reader may follow). */
function htmlFetches(text: string): string[] {
  const { document } = parseHTML(text);
  const out: string[] = [];
  const check = (selector: string, attribute: string) => {
    for (const el of Array.from(document.querySelectorAll(selector))) {
      const value = el.getAttribute(attribute) ?? "";
      const urls = attribute === "srcset" ? value.split(",").map((s: string) => s.trim().split(/\s+/)[0] ?? "") : [value];
      for (const url of urls) if (EXTERNAL.test(url)) out.push(`<${el.tagName.toLowerCase()} ${attribute}=${url}>`);
    }
  };
  check("script[src]", "src");
  check("link[href]", "href"); // stylesheets, preloads, icons, preconnect, dns-prefetch
  check("img[src], iframe[src], embed[src], source[src], video[src], audio[src], track[src], input[src]", "src");
  check("img[srcset], source[srcset]", "srcset");
  check("video[poster]", "poster");
  check("object[data]", "data");
  check("form[action]", "action");
  for (const style of Array.from(document.querySelectorAll("style"))) out.push(...cssFetches(style.textContent ?? ""));
  for (const el of Array.from(document.querySelectorAll("[style]"))) out.push(...cssFetches(el.getAttribute("style") ?? ""));
  for (const meta of Array.from(document.querySelectorAll("meta[http-equiv]"))) {
    if (/refresh/i.test(meta.getAttribute("http-equiv") ?? "") && /url=\s*https?:/i.test(meta.getAttribute("content") ?? "")) out.push("<meta refresh>");
  }
  return out;
}

/** Module imports, fetches, workers and scripts in JavaScript that name another origin. */
function jsFetches(js: string): string[] {
  const patterns = [
    /\bimport\s*(?:[\w{}\s*,$]+from\s*)?["'`](?:https?:)?\/\/[^"'`]*/g,
    /\bexport\s*(?:[\w{}\s*,$]+)?from\s*["'`](?:https?:)?\/\/[^"'`]*/g,
    /\bimport\(\s*["'`](?:https?:)?\/\/[^"'`]*/g,
    /\bfetch\(\s*["'`](?:https?:)?\/\/[^"'`]*/g,
    /\bnew\s+(?:Shared)?Worker\(\s*["'`](?:https?:)?\/\/[^"'`]*/g,
    /\bimportScripts\(\s*["'`](?:https?:)?\/\/[^"'`]*/g,
    /\bnew\s+(?:WebSocket|EventSource)\(\s*["'`][^"'`]*/g,
    /\bsendBeacon\(\s*["'`](?:https?:)?\/\/[^"'`]*/g,
  ];
  return patterns.flatMap((re) => [...js.matchAll(re)].map((m) => m[0]));
}

describe("site build", () => {
  let build: SiteBuild;
  beforeAll(() => {
    build = buildSite();
    console.log(`site build: ${build.seconds.toFixed(1)} s${build.offline ? " under unshare -n" : ""} → ${build.dir}`);
  }, 1_200_000);

  it("builds under unshare -n when run as root", () => {
    expect(build.offline).toBe(asRoot);
    if (process.env.CI === "true") expect(asRoot, "CI runs as root, so the build must be proven offline").toBe(true);
    // Nothing was fetched for Framework's cache: no npm: → cache lines for jsDelivr downloads.
    expect(build.log).not.toMatch(/unable to fetch|unable to resolve version/);
  });

  it("writes every page of the config", async () => {
    const list = await pages();
    expect(list.length).toBeGreaterThan(1);
    for (const page of list) expect(existsSync(join(build.dir, pageFile(page))), page).toBe(true);
  });

  it("ships the kernel worker, the data loaders' output and the notebook", () => {
    const all = [...files(build.dir)].map((f) => relative(build.dir, f).replace(/\.[0-9a-f]{8}\./, "."));
    for (const f of ["_import/lib/kernel.js", "_file/lib/kernel-worker.js", "_file/data/scaling.json", "_file/data/winmap.json", "_file/data/sensitivity.json", "_file/data/validation.json", "_file/data/method.json", "_file/data/thread.json", "_file/data/tdx-shutdown.ipynb", "_file/data/tdx-shutdown-notebook.zip"]) {
      expect(all, f).toContain(f);
    }
  });

  it("every page with figures carries them, and its computed prose, for the default scenario in its HTML", async () => {
    // scripts/prerender.mjs: a cell that failed in Node is reported in the build's log and left out.
    expect(build.log).not.toMatch(/^prerender /m);
    for (const path of await pages()) {
      const { document } = parseHTML(readFileSync(join(build.dir, pageFile(path)), "utf-8"));
      const copies = Array.from(document.querySelectorAll("observablehq-loading[data-prerendered]"));
      if (path === "/calibrate") continue; // its figures come from a reader's trace
      expect(copies.length, path).toBeGreaterThan(0);
      expect(copies.filter((c) => c.querySelector("figure.tdx-figure")).length, `${path}: figures`).toBeGreaterThan(0);
      for (const c of copies) {
        expect(c.querySelector("input, select, textarea, button, .observablehq--error"), path).toBeNull();
        // The placeholder just before the cell's root: what Framework's client takes and removes.
        expect(c.nextSibling?.nodeType, path).toBe(8);
      }
      // No id twice in the page (copies at two widths and the live output each have their own).
      const ids = Array.from(document.querySelectorAll("[id]"), (e) => e.id);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i), path).toEqual([]);
      // A page that follows the link's scenario hides its copies for any other one.
      if (document.querySelector('link[href*="components/panel."]')) expect(document.head.innerHTML, path).toContain("tdx-own-scenario");
    }
  });

  it("every link in a page's HTML, the build's copies included, has an address", async () => {
    for (const path of await pages()) {
      const { document } = parseHTML(readFileSync(join(build.dir, pageFile(path)), "utf-8"));
      const bare = Array.from(document.querySelectorAll("a:not([href])"), (a) => a.outerHTML.slice(0, 80));
      expect(bare, path).toEqual([]);
    }
  });

  it("Method, which loads no kernel, lists every parameter with the panel's label, from the build's data", () => {
    const { document } = parseHTML(readFileSync(join(build.dir, "method.html"), "utf-8"));
    const table = Array.from(document.querySelectorAll(".pre:not(.pre-narrow) table")).find((t) => /^\s*parameter\s*label/.test(t.querySelector("thead")?.textContent ?? ""));
    expect(table).toBeDefined();
    const rows = Array.from(table!.querySelectorAll("tbody tr"), (tr) => Array.from(tr.children, (c) => (c.textContent ?? "").trim()));
    expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(PARAMETER_TABLE).sort());
    for (const r of rows) expect(r[1], r[0]).toBe(fieldMetaAt(r[0])?.label);
  });

  it("a page that runs no model loads neither the kernel (and zod) nor its worker", () => {
    // Framework preloads a page's whole static module graph.
    const light = readdirSync("docs").filter((f) => f.endsWith(".md") && !readFileSync(join("docs", f), "utf-8").includes("lib/kernel.js"));
    expect(light.length).toBeGreaterThanOrEqual(2); // Thread and Outcome at least
    for (const md of light) {
      const html = readFileSync(join(build.dir, md.replace(/\.md$/, ".html")), "utf-8");
      const preloads = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]);
      expect(preloads.length, md).toBeGreaterThan(3);
      expect(preloads.filter((h) => /lib\/kernel|kernel-worker/.test(h)), md).toEqual([]);
    }
  });

  it("loads nothing from another origin (scripts, styles, fonts, images, workers, fetches)", () => {
    const offenders: string[] = [];
    let checked = 0;
    for (const file of files(build.dir)) {
      if (!/\.(html|m?js|css|svg)$/.test(file)) continue;
      const text = readFileSync(file, "utf-8");
      const found = file.endsWith(".html") ? htmlFetches(text) : file.endsWith(".css") ? cssFetches(text) : file.endsWith(".svg") ? [...cssFetches(text), ...[...text.matchAll(/(?:xlink:)?href=["']https?:[^"']*/g)].map((m) => m[0])] : jsFetches(text);
      for (const m of text.matchAll(CDN)) found.push(m[0]);
      for (const f of found) offenders.push(`${relative(build.dir, file)}: ${f.slice(0, 100)}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });

  it("the checks above catch what they should", () => {
    expect(htmlFetches(`<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Source+Serif+4">`)).toHaveLength(1);
    expect(htmlFetches(`<link rel="preconnect" href="//cdn.example">`)).toHaveLength(1);
    expect(htmlFetches(`<script type="module" src="https://cdn.example/x.js"></script><img srcset="a.png 1x, https://x.example/b.png 2x">`)).toHaveLength(2);
    expect(htmlFetches(`<a href="https://lore.kernel.org/">a link</a><script src="./_observablehq/client.js"></script>`)).toEqual([]);
    expect(cssFetches(`@import url("https://x.example/a.css"); @import "http://x.example/b.css"; a { background: url(data:image/png;base64,AA) }`)).toHaveLength(2);
    expect(jsFetches(`import {a} from "https://esm.sh/a"; await import('//x.example/b.js'); fetch("https://x.example/c"); new Worker("https://x.example/w.js")`)).toHaveLength(4);
    expect(jsFetches(`const u = "https://lore.kernel.org/all/"; import {x} from "./local.js"; fetch(u2)`)).toEqual([]);
  });
});
