/** Model against measurement for the Method page, computed at build time. */
import { runValidation } from "../../src/mod.ts";

process.stdout.write(JSON.stringify({ cases: runValidation() }));
