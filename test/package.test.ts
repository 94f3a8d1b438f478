/** What npm, Deno and JSR users rely on, read from the files themselves. */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf-8"));
const deno = JSON.parse(readFileSync("deno.json", "utf-8"));

describe("package metadata", () => {
  it("one version, in deno.json (the published package); the private npm project has none", () => {
    expect(deno.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.version).toBeUndefined();
  });

  it("zod, which the kernel needs at run time, is a dependency for npm and an import for Deno", () => {
    expect(pkg.dependencies?.zod).toBeDefined();
    expect(pkg.devDependencies?.zod).toBeUndefined();
    expect(deno.imports.zod).toBe(`npm:zod@${pkg.dependencies.zod}`);
  });

  it("declares its licence in both manifests and ships the text", () => {
    expect(existsSync("LICENSE")).toBe(true);
    expect(readFileSync("LICENSE", "utf-8")).toMatch(/^MIT License/);
    expect(deno.license).toBe("MIT");
    expect(pkg.license).toBe("MIT");
  });

  it("states its Node range, a clean script, a quick unit-test script and its approved install scripts", () => {
    expect(pkg.engines.node).toMatch(/>=20/);
    expect(pkg.scripts.clean).toBeDefined();
    expect(pkg.scripts["test:unit"]).toMatch(/vitest run/);
    expect(Object.keys(pkg.allowScripts).sort()).toEqual(["deno", "esbuild"]);
  });

  it("Deno tasks call deno, not a path into node_modules", () => {
    for (const [name, cmd] of Object.entries(deno.tasks as Record<string, string>)) {
      expect(cmd, name).toMatch(/^deno /);
      expect(cmd, name).not.toMatch(/node_modules/);
    }
  });
});
