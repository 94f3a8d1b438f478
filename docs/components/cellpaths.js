/**
 * A render transform for Plot.cell on band x and y scales: the cells of one
 * fill drawn as a single <path> (a rectangle per cell), instead of a <rect>
 * and a <title> each.
 *
 * Why: Cost vs benefit's win map has 275 cells. As rects with titles they
 * were 111 kB of the two copies the build writes into the page
 * (scripts/prerender.mjs), 2,500 elements the browser parses and lays out
 * before any module runs. A cell's text is kept: give the mark `tip: true`
 * and its title channel is what Plot's pointer tip shows (the live figure,
 * drawn when the page is idle: figure() in figure.js), and every cell is in
 * the figure's data download.
 *
 * Plot computes the positions (values.x, values.y: band starts) and the
 * group's styles (next() with no index draws the empty <g>); this writes the
 * geometry, inset as the mark is (AbstractBar in Plot's marks/bar.js).
 */
export function cellPaths() {
  // Plot calls a render transform with the mark as `this`: its insets are the cell's own.
  return function (index, scales, values, dimensions, context, next) {
    const {insetLeft = 0, insetRight = 0, insetTop = 0, insetBottom = 0} = this;
    const g = next([], scales, values, dimensions, context);
    const {x: X, y: Y, fill: F} = values;
    const w = Math.max(0, scales.x.bandwidth() - insetLeft - insetRight);
    const h = Math.max(0, scales.y.bandwidth() - insetTop - insetBottom);
    const fills = new Map();
    for (const i of index) {
      const fill = F ? F[i] : null;
      (fills.get(fill) ?? fills.set(fill, []).get(fill)).push(i);
    }
    // Hundredths of a pixel: adjacent cells keep their half-pixel gaps, with a third of Plot's digits.
    const r = (v) => Math.round(v * 100) / 100;
    for (const [fill, indices] of fills) {
      const path = context.document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", indices.map((i) => `M${r(X[i] + insetLeft)},${r(Y[i] + insetTop)}h${r(w)}v${r(h)}h${r(-w)}z`).join(""));
      if (fill !== null) path.setAttribute("fill", fill);
      g.appendChild(path);
    }
    return g;
  };
}
