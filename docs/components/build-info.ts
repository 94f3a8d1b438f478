// The commit and date a build comes from, for the footer and the citation
// (observablehq.config.ts and docs/data/build.json.ts; Node only, at build time).
import { execFileSync } from "node:child_process";

const git = (...args: string[]): string => {
  try {
    return execFileSync("git", args, { encoding: "utf-8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
};

/** The commit's short hash and date (the commit's, so a rebuild of one commit gives the same page). */
export const build = {
  commit: git("rev-parse", "--short=12", "HEAD") || "unknown",
  date: git("log", "-1", "--format=%cs") || "unknown",
};
