// Tables for the pages: a plain, full-height table for reference data
// (Inputs.table virtualises rows of a fixed height), and cards(), which lets
// any table become one card per row on a phone (style.css, table.cards).
import { html } from "htl";

/**
 * A name that may wrap after its dots and underscores and between the words
 * of a camelCase name (TDH.SYS.LP.SHUTDOWN, machine.coresPerSocket,
 * on_each_cpu), never inside a word or a number ("2.63 µs",
 * "probability=0.5"): text and <wbr>s.
 */
export function breakable(s) {
  // createElement, not html`<wbr>`: htl tokenizes its template on every call, and a page's tables make hundreds.
  return String(s).split(/(?<=_)|(?<=\.)(?!\d)|(?<=[a-z])(?=[A-Z])/).flatMap((part, i) => (i ? [document.createElement("wbr"), part] : [part]));
}

export function plainTable(rows, { columns = Object.keys(rows[0] ?? {}), format = {}, caption } = {}) {
  return cards(html`<div class="plain-table"><table>
    ${caption ? html`<caption>${caption}</caption>` : ""}
    <thead><tr>${columns.map((c) => html`<th scope="col">${breakable(c)}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${columns.map((c, i) => {
      const value = format[c] ? format[c](r[c], r) : breakable(r[c] ?? "");
      // The first column names the row: its header (and, on a phone, its card's title).
      return i ? html`<td>${value}</td>` : html`<th scope="row">${value}</th>`;
    })}</tr>`)}</tbody>
  </table></div>`);
}

/**
 * The header text over each column, from the rows of a table's thead: a cell
 * spanning columns heads each of them, a cell spanning rows heads the rows
 * below it too, and a column under several headers gets them joined by " · ".
 */
export function columnLabels(table) {
  const grid = [];
  table.querySelectorAll("thead tr").forEach((tr, row) => {
    grid[row] ??= [];
    let col = 0;
    for (const th of tr.children) {
      while (grid[row][col] !== undefined) col++;
      const rows = Number(th.getAttribute("rowspan") ?? 1), cols = Number(th.getAttribute("colspan") ?? 1);
      const text = th.textContent.trim().replace(/\s+/g, " ");
      for (let r = row; r < row + rows; r++) for (let c = col; c < col + cols; c++) (grid[r] ??= [])[c] = {text, spanned: r > row};
      col += cols;
    }
  });
  const width = Math.max(0, ...grid.map((r) => r.length));
  return Array.from({length: width}, (_, c) => grid.map((r) => r[c]).filter((h) => h && h.text && !h.spanned).map((h) => h.text).join(" · "));
}

/**
 * Mark the table in node (or node itself) to read as cards on a narrow
 * screen: each body cell gets its column's header as data-label (shown
 * before its value there, where the header row is hidden). With title, a
 * row's first cell (a Markdown table has no row headers) heads its card
 * instead. Returns node.
 */
export function cards(node, { title = false } = {}) {
  const table = node.matches?.("table") ? node : node.querySelector("table");
  const labels = columnLabels(table);
  table.classList.add("cards");
  for (const tr of table.querySelectorAll("tbody tr")) {
    let col = 0;
    for (const cell of tr.children) {
      if (title && col === 0) cell.classList.add("card-title");
      else if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && labels[col]) cell.setAttribute("data-label", labels[col]);
      col += Number(cell.getAttribute("colspan") ?? 1);
    }
  }
  return node;
}
