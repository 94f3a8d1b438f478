import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Build and browser suites spawn processes; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    // One Chromium for every browser suite of the run.
    globalSetup: ["test/support/chromium-server.ts"],
    // A machine-readable summary for .ci/run's closing line.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});
