// The scatter's label layout (docs/components/dotlabels.js): which dots share a label, where it goes,
// and when names give way to letters and a key.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a browser helper in plain JS, without types
import { dotLabels } from "../docs/components/dotlabels.js";

const box = { plotLeft: 0, plotRight: 300, plotTop: 0, plotBottom: 200 };
const at = (strategy: string, x: number, y: number) => ({ strategy, x, y });
const layout = (points: ReturnType<typeof at>[]) => dotLabels(points, { ...box, px: (d: { x: number }) => d.x, py: (d: { y: number }) => d.y });

describe("dotLabels", () => {
  it("dots that overlap share one label, their names one per line; apart, each has its own", () => {
    const { labels, key } = layout([at("on_each_cpu", 50, 40), at("serial", 55, 42), at("none", 50, 180)]);
    expect(key).toBeNull();
    expect(labels.map((l: { text: string }) => l.text).sort()).toEqual(["none", "on_each_cpu\nserial"]);
  });

  it("a label hangs below its dots in the upper half and stands above them in the lower; runs away from the nearer edge", () => {
    const { labels } = layout([at("a", 20, 20), at("b", 280, 190)]);
    const byText = Object.fromEntries(labels.map((l: { text: string }) => [l.text, l]));
    expect(byText.a).toMatchObject({ down: true, right: false });
    expect(byText.b).toMatchObject({ down: false, right: true });
  });

  it("labels that would cover each other become letters, with the names in a key", () => {
    // Two clusters 40 px apart at the same height: long names run into the other cluster's dots.
    const { labels, key } = layout([at("stop_machine_cpuslocked", 200, 30), at("cpuhp_cpuslocked", 240, 30)]);
    expect(labels.map((l: { text: string }) => l.text)).toEqual(["A", "B"]);
    expect(key).toEqual([{ letter: "A", names: ["stop_machine_cpuslocked"] }, { letter: "B", names: ["cpuhp_cpuslocked"] }]);
  });
});
