// Every colour a figure draws reads on both page backgrounds, and no two
// kinds that share a legend share a colour (src/palette.ts).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATEGORICAL, PATH_COLORS, SEGMENT_COLORS, STRATEGY_COLORS, TIE_COLOR } from "../src/mod.ts";

const rgb = (hex: string) => hex.replace("#", "").match(/../g)!.map((h) => parseInt(h, 16));
// WCAG 2 relative luminance and contrast ratio.
const luminance = (hex: string) => {
  const [r, g, b] = rgb(hex).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

// The dark page background as Framework's theme computes it: 4% of the foreground mixed into background-b
// (abstract-dark.css, --theme-background-a), read from the installed theme so an upgrade is noticed.
const theme = readFileSync("node_modules/@observablehq/framework/dist/style/theme-near-midnight.css", "utf-8");
const abstract = readFileSync("node_modules/@observablehq/framework/dist/style/abstract-dark.css", "utf-8");
const themeColor = (name: string) => theme.match(new RegExp(`--theme-${name}:\\s*(#[0-9a-f]{6})`, "i"))![1];
const share = Number(abstract.match(/--theme-background-a:\s*color-mix\(in srgb, var\(--theme-foreground\) (\d+)%/)![1]) / 100;
const mix = (a: string, b: string, t: number) => "#" + rgb(a).map((v, i) => Math.round(v * (1 - t) + rgb(b)[i] * t).toString(16).padStart(2, "0")).join("");
const DARK = mix(themeColor("background-b"), themeColor("foreground"), share);

const SETS: Record<string, readonly string[]> = {
  strategies: Object.values(STRATEGY_COLORS),
  "strategies and a tie": [...Object.values(STRATEGY_COLORS), TIE_COLOR],
  "swimlane segments": Object.values(SEGMENT_COLORS),
  "critical-path parts": Object.values(PATH_COLORS),
  categorical: CATEGORICAL,
};

describe("palette", () => {
  it("reads the dark background from Framework's theme", () => {
    expect(DARK).toMatch(/^#[0-9a-f]{6}$/);
    expect(luminance(DARK)).toBeLessThan(0.05);
  });

  for (const [name, colors] of Object.entries(SETS)) {
    it(`${name}: at least 2:1 against white and the dark theme`, () => {
      const weak = colors.filter((c) => contrast(c, "#ffffff") < 2 || contrast(c, DARK) < 2);
      expect(weak, `colours under 2:1 (dark background ${DARK})`).toEqual([]);
    });
    it(`${name}: no colour twice`, () => {
      expect(colors.filter((c, i) => colors.indexOf(c) !== i)).toEqual([]);
    });
  }
});
