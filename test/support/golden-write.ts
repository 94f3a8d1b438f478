/** Regenerates test/golden/hashes.json: only for a deliberate model change. */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { goldenScenarios } from "./golden-scenarios.ts";

const hashes: Record<string, string> = {};
for (const [name, run] of Object.entries(goldenScenarios())) {
  hashes[name] = createHash("sha256").update(JSON.stringify(run())).digest("hex");
}
writeFileSync("test/golden/hashes.json", JSON.stringify(hashes, null, 1) + "\n");
console.log(`${Object.keys(hashes).length} scenarios pinned in test/golden/hashes.json`);
