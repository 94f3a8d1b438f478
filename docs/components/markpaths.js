/**
 * Plot render transforms that draw a mark's many small shapes as one <path>
 * per group, instead of an element and a <title> each: tickPaths for
 * Plot.tickX on a band y scale (a row's ticks of one colour), rectPaths for
 * Plot.cell and Plot.barX (x1 to x2) on a band y scale (the rectangles of
 * one fill).
 *
 * Why: the build writes two copies of each figure into its page
 * (scripts/prerender.mjs), which the browser parses and lays out before any
 * module runs. Mechanisms' start-time ticks (768) were 107 kB of them, its
 * swimlanes (311 segments) 118 kB, Cost vs benefit's win map (275 cells)
 * 111 kB. The text is kept: tickPaths takes a tooltip per row; a rectPaths
 * mark given `tip: true` shows its title channel in Plot's pointer tip (the
 * live figure, drawn when the page is idle: figure() in figure.js); every
 * row is in the figure's data download.
 *
 * Plot computes the positions (values: scaled) and the group's styles and
 * facet transform (next() with no index draws the empty <g>); these write
 * the geometry as Plot does, inset as the mark is (`this` is the mark).
 */
const SVG = "http://www.w3.org/2000/svg";

/** Indices grouped by key(i), in first-seen order. */
function groupBy(index, key) {
  const groups = new Map();
  for (const i of index) {
    const k = key(i);
    (groups.get(k) ?? groups.set(k, []).get(k)).push(i);
  }
  return groups;
}

/** Append to g a <path> with d, the attribute attr (unless value is null) and a <title> (unless text is undefined). */
function appendPath(g, context, d, attr, value, text) {
  const path = context.document.createElementNS(SVG, "path");
  path.setAttribute("d", d);
  if (value !== null) path.setAttribute(attr, value);
  if (text !== undefined) {
    const t = context.document.createElementNS(SVG, "title");
    t.textContent = text;
    path.appendChild(t);
  }
  g.appendChild(path);
}

/**
 * Plot.tickX on a band y scale: the ticks of one row and one colour as one
 * path (a move and a vertical line per tick). Option: title(indices), the
 * row's tooltip (indices into the mark's data).
 */
export function tickPaths({title} = {}) {
  return function (index, scales, values, dimensions, context, next) {
    const {insetTop = 0, insetBottom = 0} = this;
    const g = next([], scales, values, dimensions, context);
    const {x: X, y: Y, stroke: S} = values;
    const bandwidth = scales.y?.bandwidth ? scales.y.bandwidth() : 0;
    const {marginTop, marginBottom, height} = dimensions;
    // Tenths of a pixel: finer than any screen, and a third of the digits.
    const r = (v) => Math.round(v * 10) / 10;
    for (const indices of groupBy(index, (i) => `${Y ? Y[i] : ""}|${S ? S[i] : ""}`).values()) {
      const y = Y ? Y[indices[0]] : null;
      const top = (y ?? marginTop) + insetTop;
      const bottom = (y === null ? height - marginBottom : y + bandwidth) - insetBottom;
      appendPath(g, context, indices.map((i) => `M${r(X[i])},${r(top)}V${r(bottom)}`).join(""), "stroke", S ? S[indices[0]] : null, title?.(indices));
    }
    return g;
  };
}

/**
 * Plot.cell (band x) or Plot.barX (x1 to x2), on a band y scale: the
 * rectangles of one fill as one path, placed as Plot's AbstractBar places
 * them (marks/bar.js: band start or the smaller end, plus the inset).
 */
export function rectPaths() {
  return function (index, scales, values, dimensions, context, next) {
    const {insetLeft = 0, insetRight = 0, insetTop = 0, insetBottom = 0} = this;
    const g = next([], scales, values, dimensions, context);
    const {x: X, x1: X1, x2: X2, y: Y, fill: F} = values;
    const span = (scale, inset) => Math.max(0, scale.bandwidth() - inset);
    const left = X1 && X2 ? (i) => Math.min(X1[i], X2[i]) + insetLeft : (i) => X[i] + insetLeft;
    const across = X1 && X2 ? (i) => Math.max(0, Math.abs(X2[i] - X1[i]) - insetLeft - insetRight) : () => span(scales.x, insetLeft + insetRight);
    const h = span(scales.y, insetTop + insetBottom);
    // Hundredths of a pixel: adjacent rectangles keep their gaps, with a third of Plot's digits.
    const r = (v) => Math.round(v * 100) / 100;
    for (const [fill, indices] of groupBy(index, (i) => (F ? F[i] : null))) {
      appendPath(g, context, indices.map((i) => { const w = r(across(i)); return `M${r(left(i))},${r(Y[i] + insetTop)}h${w}v${r(h)}h${-w}z`; }).join(""), "fill", fill);
    }
    return g;
  };
}
