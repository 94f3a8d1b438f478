/**
 * Layout checks of a rendered page, run in the page (page.evaluate): what a
 * reader sees broken whatever the tests of values say. Returns one line per
 * problem, empty when the page is clean.
 */
/** The narrowest plot area (x range, px) a chart may have on any screen, a 390 px phone included. */
export const MIN_PLOT_WIDTH = 250;

export const LAYOUT_PROBE = `(() => {
  const problems = [];
  if (document.documentElement.scrollWidth > innerWidth + 1) problems.push("the page scrolls sideways by " + (document.documentElement.scrollWidth - innerWidth) + " px");
  // Relative luminance (WCAG) of a computed colour: rgb()/rgba(), or color(srgb r g b / a) with 0..1 channels.
  const lum = (c) => {
    let m = c.match(/rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)(?:,\\s*([\\d.]+))?/);
    let channels, alpha;
    if (m) { channels = [m[1], m[2], m[3]].map((v) => Number(v) / 255); alpha = m[4] === undefined ? 1 : Number(m[4]); }
    else if ((m = c.match(/color\\(srgb\\s+([\\d.e-]+)\\s+([\\d.e-]+)\\s+([\\d.e-]+)(?:\\s*\\/\\s*([\\d.]+))?\\)/))) { channels = [m[1], m[2], m[3]].map(Number); alpha = m[4] === undefined ? 1 : Number(m[4]); }
    else return null;
    const [r, g, b] = channels.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return { l: 0.2126 * r + 0.7152 * g + 0.0722 * b, a: alpha };
  };
  // The theme's background, resolved by the browser (the body itself may be transparent).
  const probe = document.createElement("div");
  probe.style.background = "var(--theme-background)";
  document.body.append(probe);
  const bg = getComputedStyle(probe).backgroundColor;
  probe.remove();
  const bgL = lum(bg)?.l ?? 1;
  for (const fig of document.querySelectorAll("figure.tdx-figure")) {
    const title = fig.querySelector("h3")?.textContent ?? "?";
    for (const svg of fig.querySelectorAll(".chart svg[role=img]")) {
      const box = svg.getBoundingClientRect();
      // The plot area: Plot puts scale() on its svg, or on the figure it wraps a legend and the svg in.
      const owner = typeof svg.scale === "function" ? svg : svg.closest("figure:not(.tdx-figure)");
      const x = typeof owner?.scale === "function" ? owner.scale("x") : undefined;
      const plotWidth = x?.range ? Math.abs(x.range[1] - x.range[0]) : null;
      if (plotWidth !== null && plotWidth < ${MIN_PLOT_WIDTH}) problems.push(title + ": plot area " + Math.round(plotWidth) + " px wide, under ${MIN_PLOT_WIDTH} px");
      const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0 && !t.closest("[aria-hidden=true], .plot-tip, [visibility=hidden]"));
      const rects = texts.map((t) => t.getBoundingClientRect());
      texts.forEach((t, i) => {
        const r = rects[i];
        if (r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2) problems.push(title + ": text outside its chart: " + JSON.stringify(t.textContent.slice(0, 40)));
        const fill = getComputedStyle(t).fill;
        const l = lum(fill.startsWith("rgb") ? fill : getComputedStyle(t).color);
        if (l && l.a > 0) {
          const contrast = (Math.max(l.l, bgL) + 0.05) / (Math.min(l.l, bgL) + 0.05);
          if (contrast < 1.5) problems.push(title + ": text coloured like the background: " + JSON.stringify(t.textContent.slice(0, 40)));
        }
      });
      for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i], b = rects[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2 && w * h > 0.2 * Math.min(a.width * a.height, b.width * b.height)) problems.push(title + ": overlapping text: " + JSON.stringify(texts[i].textContent.slice(0, 30)) + " and " + JSON.stringify(texts[j].textContent.slice(0, 30)));
      }
    }
  }
  const form = document.querySelector(".parameter-panel form");
  if (form && getComputedStyle(form).display !== "flex") problems.push("the panel is not styled by the Inputs stylesheet");
  return [...new Set(problems)];
})()`;

/**
 * Every part of the page laid out and painted. A reference table out of view
 * has content-visibility: auto (docs/style.css): the probe would not see into
 * it, and a full-page screenshot, one tall capture through a short viewport,
 * would leave it blank. This shows what a reader sees on scrolling to it.
 */
export async function paintAll(page: import("playwright-core").Page): Promise<void> {
  await page.addStyleTag({ content: "* { content-visibility: visible !important; }" });
}

/**
 * Everything wrong with a settled page's layout at one view: LAYOUT_PROBE,
 * and on a phone the Thread table's cards, elsewhere the answer first (the
 * paragraph after the title on the first screen, above any parameter panel).
 */
export async function layoutProblems(page: import("playwright-core").Page, phone: boolean): Promise<string[]> {
  await paintAll(page);
  const problems = (await page.evaluate(LAYOUT_PROBE)) as string[];
  if (phone) {
    // A table marked as cards (the Thread table, the verdicts, Method's) is one card per row: every column is on the screen, none behind a scrollbar.
    const hidden = await page.evaluate(() => Array.from(document.querySelectorAll("table.cards")).filter((t) => t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().right > innerWidth + 1).map((t) => t.querySelector("caption")?.textContent?.slice(0, 40) ?? t.className));
    for (const t of hidden) problems.push(`a table meant as cards scrolls sideways on a phone: ${t}`);
  } else {
    // On a desktop a reference table fits the column: no column hidden behind a scrollbar.
    const cut = await page.evaluate(() => Array.from(document.querySelectorAll(".plain-table, .table-scroll")).filter((d) => d.scrollWidth > d.clientWidth + 1).map((d) => d.querySelector("thead")?.textContent?.trim().slice(0, 40) ?? "?"));
    for (const t of cut) problems.push(`a table is wider than the page column (${t}…)`);
    const answer = await page.evaluate(() => {
      const p = document.querySelector("#observablehq-main h1 ~ p:not(.lede-note)");
      const panel = document.querySelector(".parameter-panel");
      if (!p) return "no paragraph after the title";
      if (p.getBoundingClientRect().top > window.innerHeight) return `the answer starts at ${Math.round(p.getBoundingClientRect().top)} px, below the fold`;
      if (panel && panel.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING) return "the panel comes before the answer";
      return "";
    });
    if (answer) problems.push(answer);
  }
  return problems;
}

/** Where a page's layout screenshot goes: screenshots/layout/<page>-<view>.png. */
export const layoutShot = (path: string, view: string) => `screenshots/layout/${path.replace(/\W+/g, "") || "index"}-${view}.png`;
