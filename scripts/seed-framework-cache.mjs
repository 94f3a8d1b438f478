// Lets `observable build` run with no network (observablehq/framework #1168,
// #1735). When Framework bundles its own client, every `npm:` specifier in it
// (the standard library's lazy loaders: npm:d3, npm:lodash, npm:react-dom, ...)
// goes through resolveNpmVersion(), which asks registry.npmjs.org for a
// version unless docs/.observablehq/cache/_npm/<name>@<version>/ exists.
// Only the version is needed: none of those modules is fetched unless a page
// uses it, and our pages import everything explicitly from node_modules.
// So: one empty directory per name, with the version installed in
// node_modules, or "0.0.0-offline" for libraries this site never loads.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const framework = "node_modules/@observablehq/framework/dist";
const cache = "docs/.observablehq/cache/_npm";

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (entry.endsWith(".js")) yield path;
  }
}

const names = new Set();
for (const file of files(join(framework, "client"))) {
  for (const [, spec] of readFileSync(file, "utf-8").matchAll(/["'`]npm:((?:@[\w.-]+\/)?[\w.-]+)/g)) names.add(spec);
}

let seeded = 0;
for (const name of [...names].sort()) {
  const pkg = join("node_modules", name, "package.json");
  const version = existsSync(pkg) ? JSON.parse(readFileSync(pkg, "utf-8")).version : "0.0.0-offline";
  const dir = join(cache, `${name}@${version}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    seeded++;
  }
}
console.log(`seed-framework-cache: ${names.size} npm: names in Framework's client, ${seeded} seeded in ${cache}`);
