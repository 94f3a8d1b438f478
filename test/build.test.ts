/**
 * The static site builds (with no network at all when run as root: unshare -n)
 * and every page is in dist/, with nothing that would load from another origin.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { asRoot, buildSite, pages } from "./support/site.ts";

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

describe("site build", () => {
  let build: { offline: boolean; seconds: number };
  beforeAll(() => { build = buildSite(); }, 600_000);

  it("builds under unshare -n when run as root", () => {
    expect(build.offline).toBe(asRoot);
    if (process.env.CI === "true") expect(asRoot, "CI runs as root, so the build must be proven offline").toBe(true);
  });

  it("writes every page of the config to dist/", async () => {
    const list = await pages();
    expect(list.length).toBe(9);
    for (const page of list) expect(existsSync(`dist${page}.html`), page).toBe(true);
    expect(existsSync("dist/index.html")).toBe(true);
  });

  it("ships the kernel worker, the data loaders' output and the notebook", () => {
    const all = [...files("dist")].map((f) => f.replace(/\.[0-9a-f]{8}\./, "."));
    for (const f of ["dist/_file/lib/kernel-worker.js", "dist/_file/data/scaling.json", "dist/_file/data/winmap.json", "dist/_file/data/sensitivity.json", "dist/_file/data/validation.json", "dist/_file/data/thread.json", "dist/_file/data/tdx-shutdown.ipynb"]) {
      expect(all, f).toContain(f);
    }
  });

  it("loads nothing from another origin (scripts, styles, fonts, images)", () => {
    const offenders: string[] = [];
    for (const file of files("dist")) {
      if (!/\.(html|js|css)$/.test(file)) continue;
      const text = readFileSync(file, "utf-8");
      const patterns = file.endsWith(".html")
        ? [/<(?:script|img|iframe)[^>]+src=["']https?:/gi, /<link[^>]+href=["']https?:[^>]*>/gi]
        : file.endsWith(".css")
          ? [/url\(\s*["']?https?:/gi, /@import\s+["']https?:/gi]
          : [/\bimport\s*(?:[\w{}\s*,]+from\s*)?["']https?:/g, /\bimport\(\s*["']https?:/g];
      for (const re of patterns) for (const m of text.matchAll(re)) offenders.push(`${file}: ${m[0].slice(0, 80)}`);
    }
    expect(offenders).toEqual([]);
  });
});
