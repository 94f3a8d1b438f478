/** The build's copies of cell outputs (scripts/prerender.mjs): what is copied, where, and how ids stay unique. */
import { describe, expect, it } from "vitest";
import { copyable, prefixIds, scenarioScript, withCopies } from "../scripts/prerender.mjs";

const page = (cells: string) => `<head></head><script type="module">
define({id: "aaaaaaaa", mode: "inline", inputs: ["x","display"], body: () => {}});
define({id: "bbbbbbbb", inputs: ["display","y"], body: () => {}});
define({id: "cccccccc", inputs: ["display","p"], body: () => {}});
</script>${cells}`;

describe("prerendered copies", () => {
  it("copy figures and prose, never controls, errors or block elements inside a paragraph", () => {
    expect(copyable('<figure class="tdx-figure"><svg></svg></figure>', false)).toBe(true);
    expect(copyable("<strong>300 µs</strong>", true)).toBe(true);
    expect(copyable("<ul><li>a</li></ul>", true)).toBe(false);
    expect(copyable("<ul><li>a</li></ul>", false)).toBe(true);
    expect(copyable('<form><input type="range"></form>', false)).toBe(false);
    expect(copyable('<div class="observablehq observablehq--error">x</div>', false)).toBe(false);
    expect(copyable("", true)).toBe(false);
    expect(copyable("<p>Cite: file:///work/dist/method.html</p>", false)).toBe(false);
    expect(copyable('<div data-reader-address=""><p>Cite: commit abc.</p></div>', false)).toBe(false);
  });

  it("prefixes every id and every reference to one, and leaves other names alone", () => {
    const html = '<figure aria-labelledby="fig-0-title"><h3 id="fig-0-title">T</h3><svg aria-describedby="fig-0-alt other"><clipPath id="c1"></clipPath><g clip-path="url(#c1)"></g><a href="#fig-0-alt">x</a><a href="#elsewhere">y</a></svg><p id="fig-0-alt">alt</p></figure>';
    const out = prefixIds(html, "pre-");
    expect(out).toBe('<figure aria-labelledby="pre-fig-0-title"><h3 id="pre-fig-0-title">T</h3><svg aria-describedby="pre-fig-0-alt other"><clipPath id="pre-c1"></clipPath><g clip-path="url(#pre-c1)"></g><a href="#pre-fig-0-alt">x</a><a href="#elsewhere">y</a></svg><p id="pre-fig-0-alt">alt</p></figure>');
    expect(prefixIds("<b>no ids</b>", "pre-")).toBe("<b>no ids</b>");
  });

  it("writes each copy into the placeholder before its cell's root, one per width only when they differ", () => {
    const html = page('<p>On <observablehq-loading></observablehq-loading><!--:aaaaaaaa:--> LPs</p><div class="observablehq observablehq--block"><!--:bbbbbbbb:--></div><div class="observablehq observablehq--block"><observablehq-loading></observablehq-loading><!--:cccccccc:--></div>');
    const wide = { aaaaaaaa: "256", bbbbbbbb: '<figure id="f">W</figure>', cccccccc: "<form><select></select></form>" };
    const narrow = { aaaaaaaa: "256", bbbbbbbb: '<figure id="f">N</figure>', cccccccc: "<form><select></select></form>" };
    const { html: out, copied } = withCopies(html, wide, narrow);
    expect(copied).toEqual(["aaaaaaaa", "bbbbbbbb"]);
    expect(out).toContain('<p>On <observablehq-loading data-prerendered><span class="pre" data-width="912 326">256</span></observablehq-loading><!--:aaaaaaaa:--> LPs</p>');
    // A display() cell had no placeholder: it gets one.
    expect(out).toContain('<observablehq-loading data-prerendered><div class="pre pre-wide" data-width="912"><figure id="pre-wbbbbbbbb-f">W</figure></div><div class="pre pre-narrow" data-width="326"><figure id="pre-nbbbbbbbb-f">N</figure></div></observablehq-loading><!--:bbbbbbbb:-->');
    // The panel stays the live one's alone.
    expect(out).toContain("<observablehq-loading></observablehq-loading><!--:cccccccc:-->");
    // Each copy names the width it was drawn at (a page with a table of contents draws narrower).
    const toc = withCopies(html, wide, narrow, { wideWidth: 704, narrowWidth: 326 }).html;
    expect(toc).toContain('<div class="pre pre-wide" data-width="704">');
    expect(toc).toContain('<span class="pre" data-width="704 326">256</span>');
  });

  it("marks any link but the default preset's own as another scenario", () => {
    const script = scenarioScript("emr-2s");
    const run = (search: string) => {
      const classes: string[] = [];
      new Function("location", "document", script.replace(/^<script>|<\/script>$/g, ""))({ search }, { documentElement: { classList: { add: (c: string) => classes.push(c) } } });
      return classes;
    };
    expect(run("")).toEqual([]);
    expect(run("?preset=emr-2s")).toEqual([]);
    expect(run("?preset=gnr-2s")).toEqual(["tdx-own-scenario"]);
    expect(run("?preset=emr-2s&view.metric=x")).toEqual(["tdx-own-scenario"]);
    expect(() => scenarioScript('x"</script>')).toThrow();
  });
});
