// npm run dev / npm run build: the kernel bundle first, then Framework.
//   build: seed Framework's version cache, key the loaders' cache on their
//          inputs (scripts/loader-cache.mjs), bundle, `observable build` (no network needed)
//   dev:   the same, then esbuild --watch on src/ and `observable preview`, so
//          a change in src/, data/ or docs/ reloads the page.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withDataPreloads } from "./preload-data.mjs";

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
  for (const f of readdirSync("dist").filter((n) => n.endsWith(".html"))) {
    const page = join("dist", f);
    writeFileSync(page, withDataPreloads(readFileSync(page, "utf-8").replace("<html>", '<html lang="en">'), defaultPreset));
  }
} else {
  await run("node", ["scripts/bundle-kernel.mjs"]);
  const watcher = spawn("node", ["scripts/bundle-kernel.mjs", "--watch"], { stdio: "inherit", env });
  const preview = spawn("npx", ["observable", "preview", ...process.argv.slice(3)], { stdio: "inherit", env });
  const stop = () => { watcher.kill(); preview.kill(); };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  preview.on("exit", (code) => { watcher.kill(); process.exit(code ?? 0); });
}
