import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Two files at a time, in this order: the browser suite, which waits for the
 * site (it builds in the background from the start: test/support/
 * site-setup.ts); beside it the suites that need no site; then the rest of
 * the site's suites. The browser suites share one Chromium, and never run
 * two at once (two of them at once, or three files at a time, were slower
 * here: 309 and 327 s against 282 s on 2 cores).
 */
const ORDER = [/[\\/]browser\.test\.ts$/, null, /[\\/]panel\.test\.ts$/, /[\\/](layout|build)\.test\.ts$/];

class SiteSuitesAround extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = ORDER.findIndex((re) => re?.test(f.moduleId));
      return i === -1 ? ORDER.indexOf(null) : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    maxWorkers: 2,
    sequence: { sequencer: SiteSuitesAround },
    // One Chromium for every browser suite of the run; the site's build started early (npm test).
    globalSetup: ["test/support/chromium-server.ts", "test/support/site-setup.ts"],
    // A machine-readable summary for .ci/run's closing line.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
