import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The suites that test the built site: last, so the rest run while it builds (test/support/site-setup.ts). */
const SITE_SUITES = /[\\/](build|browser|panel|layout)\.test\.ts$/;

class SiteSuitesLast extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => !SITE_SUITES.test(f.moduleId)), ...sorted.filter((f) => SITE_SUITES.test(f.moduleId))];
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Build and browser suites spawn processes; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    sequence: { sequencer: SiteSuitesLast },
    // One Chromium for every browser suite of the run; the site's build started early (npm test).
    globalSetup: ["test/support/chromium-server.ts", "test/support/site-setup.ts"],
    // A machine-readable summary for .ci/run's closing line.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
