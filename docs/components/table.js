// A plain, full-height HTML table for reference data whose cells wrap
// (Inputs.table virtualises rows of a fixed height). Text only, except
// columns given a format that returns a node (links).
import { html } from "htl";

export function plainTable(rows, { columns = Object.keys(rows[0] ?? {}), format = {}, caption } = {}) {
  return html`<div class="plain-table"><table>
    ${caption ? html`<caption>${caption}</caption>` : ""}
    <thead><tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td>${format[c] ? format[c](r[c], r) : String(r[c] ?? "")}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}
