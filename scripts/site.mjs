// npm run dev / npm run build: the kernel bundle first, then Framework.
//   build: seed Framework's version cache, key the loaders' cache on their
//          inputs (scripts/loader-cache.mjs), bundle, `observable build` (no network needed)
//   dev:   the same, then esbuild --watch on src/ and `observable preview`, so
//          a change in src/, data/ or docs/ reloads the page.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withDataPreloads } from "./preload-data.mjs";
import { prerenderPages } from "./prerender.mjs";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "build") {
  console.error("usage: node scripts/site.mjs dev|build [framework options]");
  process.exit(2);
}
const env = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" };

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`))));
  });
}

await run("node", ["scripts/seed-framework-cache.mjs"]);
await run("node", ["scripts/loader-cache.mjs"]);
if (mode === "build") {
  await run("node", ["scripts/bundle-kernel.mjs"]);
  await run("npx", ["observable", "build", ...process.argv.slice(3)]);
  // Framework writes <html> without a language; screen readers and search engines read it from the file.
  // The data a page fetches on load is asked for with its modules (scripts/preload-data.mjs).
  const { defaultPreset } = JSON.parse(readFileSync("data/parameters.json", "utf-8"));
  const files = readdirSync("dist").filter((n) => n.endsWith(".html"));
  for (const f of files) {
    const page = join("dist", f);
    writeFileSync(page, withDataPreloads(readFileSync(page, "utf-8").replace("<html>", '<html lang="en">'), defaultPreset));
  }
  // Each page's figures and computed prose for the default scenario, in its HTML (scripts/prerender.mjs).
  const t0 = performance.now();
  const pages = await prerenderPages("dist", files, (f) => readFileSync(join("dist", f), "utf-8"), { defaultPreset });
  for (const [f, { html, copied, errors }] of pages) {
    writeFileSync(join("dist", f), html);
    for (const e of errors) console.warn(`prerender ${f}: ${e.split("\n")[0]}`);
  }
  console.log(`prerendered ${[...pages.values()].reduce((n, p) => n + p.copied.length, 0)} cells of ${pages.size} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else {
  await run("node", ["scripts/bundle-kernel.mjs"]);
  const watcher = spawn("node", ["scripts/bundle-kernel.mjs", "--watch"], { stdio: "inherit", env });
  const preview = spawn("npx", ["observable", "preview", ...process.argv.slice(3)], { stdio: "inherit", env });
  const stop = () => { watcher.kill(); preview.kill(); };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  preview.on("exit", (code) => { watcher.kill(); process.exit(code ?? 0); });
}
