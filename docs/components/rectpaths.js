/**
 * A render transform for Plot's rectangles on a band scale (Plot.cell, and
 * Plot.barX with x1 and x2): the rectangles of one fill drawn as a single
 * <path>, instead of a <rect> and a <title> each.
 *
 * Why: the build writes two copies of each figure into its page
 * (scripts/prerender.mjs), which the browser parses and lays out before any
 * module runs. Cost vs benefit's win map (275 cells) was 111 kB of them,
 * Mechanisms' swimlanes (311 segments) 118 kB. A rectangle's text is kept:
 * give the mark `tip: true` and its title channel is what Plot's pointer tip
 * shows (in the live figure, drawn when the page is idle: figure() in
 * figure.js), and every row is in the figure's data download.
 *
 * Plot computes the positions (values.x or x1 and x2, values.y: scaled) and
 * the group's styles and facet transform (next() with no index draws the
 * empty <g>); this writes the geometry as Plot's AbstractBar does
 * (marks/bar.js: band start plus inset, or the smaller end plus inset).
 */
export function rectPaths() {
  // Plot calls a render transform with the mark as `this`: its insets are the mark's own.
  return function (index, scales, values, dimensions, context, next) {
    const {insetLeft = 0, insetRight = 0, insetTop = 0, insetBottom = 0} = this;
    const g = next([], scales, values, dimensions, context);
    const {x: X, x1: X1, x2: X2, y: Y, fill: F} = values;
    const span = (scale, inset) => Math.max(0, scale.bandwidth() - inset);
    const left = X1 && X2 ? (i) => Math.min(X1[i], X2[i]) + insetLeft : (i) => X[i] + insetLeft;
    const across = X1 && X2 ? (i) => Math.max(0, Math.abs(X2[i] - X1[i]) - insetLeft - insetRight) : () => span(scales.x, insetLeft + insetRight);
    const h = span(scales.y, insetTop + insetBottom);
    const fills = new Map();
    for (const i of index) {
      const fill = F ? F[i] : null;
      (fills.get(fill) ?? fills.set(fill, []).get(fill)).push(i);
    }
    // Hundredths of a pixel: adjacent rectangles keep their gaps, with a third of Plot's digits.
    const r = (v) => Math.round(v * 100) / 100;
    for (const [fill, indices] of fills) {
      const path = context.document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", indices.map((i) => { const w = r(across(i)); return `M${r(left(i))},${r(Y[i] + insetTop)}h${w}v${r(h)}h${-w}z`; }).join(""));
      if (fill !== null) path.setAttribute("fill", fill);
      g.appendChild(path);
    }
    return g;
  };
}
