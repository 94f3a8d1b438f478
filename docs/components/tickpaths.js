/**
 * A render transform for Plot.tickX on a band y scale: the ticks of one row
 * and one colour drawn as a single <path> (a move and a vertical line per
 * tick), with one <title> for the row, instead of a <line> and a <title>
 * each.
 *
 * Why: Mechanisms' start-time chart has a tick per CPU and strategy, 768 on
 * the default 256-LP machine. As lines they were 107 kB of each of the two
 * copies the build writes into the page (scripts/prerender.mjs), which the
 * browser parses and lays out before any module runs, and 768 elements for
 * the live cell to create. A 1.5 px tick's own tooltip was no way to read a
 * CPU's start anyway: the figure's data download has every one.
 *
 * Plot computes the positions (values.x, values.y) and the group's styles
 * and transform (next() with no index draws the empty <g>); this only writes
 * the geometry, inset as the mark is. Option: title(indices) for a row's
 * tooltip (indices into the mark's data).
 */
export function tickPaths({title} = {}) {
  // Plot calls a render transform with the mark as `this`: its insets are the tick's own.
  return function (index, scales, values, dimensions, context, next) {
    const {insetTop = 0, insetBottom = 0} = this;
    const g = next([], scales, values, dimensions, context);
    const {x: X, y: Y, stroke: S} = values;
    const bandwidth = scales.y?.bandwidth ? scales.y.bandwidth() : 0;
    const {marginTop, marginBottom, height} = dimensions;
    const rows = new Map();
    for (const i of index) {
      const key = `${Y ? Y[i] : ""}|${S ? S[i] : ""}`;
      const row = rows.get(key) ?? rows.set(key, {y: Y ? Y[i] : null, stroke: S ? S[i] : null, indices: []}).get(key);
      row.indices.push(i);
    }
    const svg = "http://www.w3.org/2000/svg";
    // Tenths of a pixel: finer than any screen, and a third of the digits.
    const r = (v) => Math.round(v * 10) / 10;
    for (const {y, stroke, indices} of rows.values()) {
      const top = (y ?? marginTop) + insetTop;
      const bottom = (y === null ? height - marginBottom : y + bandwidth) - insetBottom;
      const path = context.document.createElementNS(svg, "path");
      path.setAttribute("d", indices.map((i) => `M${r(X[i])},${r(top)}V${r(bottom)}`).join(""));
      if (stroke !== null) path.setAttribute("stroke", stroke);
      if (title) {
        const t = context.document.createElementNS(svg, "title");
        t.textContent = title(indices);
        path.appendChild(t);
      }
      g.appendChild(path);
    }
    return g;
  };
}
