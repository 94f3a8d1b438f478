/**
 * Labels for a scatter of named dots, laid out before drawing (Plot has no
 * text collision avoidance).
 *
 * Dots that overlap on screen share one label, their names one per line. A
 * label hangs below its dots in the upper half of the plot and stands above
 * them in the lower half; it runs right of them in the left half and left of
 * them in the right half. When a label would still cover another label or
 * another cluster's dots (long names on a phone), every cluster is named by a
 * letter instead and the names go in a key beside the chart.
 *
 * Positions are estimates: the caller maps a point to pixels from the data's
 * extent (a nice() domain only adds room), text takes `charWidth` px per
 * character and `lineHeight` px per line.
 */
export function dotLabels(points, {px, py, plotTop, plotBottom, plotLeft, plotRight, dot = 6, charWidth = 6, lineHeight = 12, gap = 9}) {
  const at = points.map((d) => ({d, x: px(d), y: py(d)}));
  const clusters = [];
  for (const p of [...at].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const c = clusters.find((c) => c.some((o) => Math.abs(o.x - p.x) <= 2 * dot + 2 && Math.abs(o.y - p.y) <= 2 * dot + 2));
    c ? c.push(p) : clusters.push([p]);
  }
  const yMid = (plotTop + plotBottom) / 2;
  const xMid = (plotLeft + plotRight) / 2;
  const place = (c, lines) => {
    const {x, y} = c[0];
    const down = y < yMid, right = x > xMid;
    const w = Math.max(...lines.map((l) => l.length)) * charWidth;
    const h = lines.length * lineHeight;
    const x0 = right ? x - gap - w : x + gap;
    const y0 = down ? y + 5 : y - 5 - h;
    return {datum: c[0].d, text: lines.join("\n"), down, right, box: [x0, y0, x0 + w, y0 + h], members: c};
  };
  const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  const collides = (labels) =>
    labels.some((l, i) =>
      labels.some((m, j) => j > i && overlaps(l.box, m.box)) ||
      clusters.some((c) => c !== l.members && c.some((p) => overlaps(l.box, [p.x - dot, p.y - dot, p.x + dot, p.y + dot]))));
  const named = clusters.map((c) => place(c, c.map((p) => p.d.strategy)));
  if (!collides(named)) return {labels: named.map(strip), key: null};
  const letter = (i) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? Math.floor(i / 26) : "");
  const lettered = clusters.map((c, i) => place(c, [letter(i)]));
  return {labels: lettered.map(strip), key: clusters.map((c, i) => ({letter: letter(i), names: c.map((p) => p.d.strategy)}))};
}

const strip = ({datum, text, down, right}) => ({...datum, text, down, right});
