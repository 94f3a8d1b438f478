// The computed verdict as prose: its lead and first reason for the page's
// opening paragraph, the other reasons and notes as a list after it. Takes a
// VerdictText (src/headline.ts): K.verdictText(rows, p) on pages that run the
// kernel, or the build's data/verdict.json on pages that do not. Text only,
// never parsed as HTML; strategy names are set as code.
import {html} from "htl";
import {STRATEGIES} from "../lib/display.js";

const NAME = new RegExp(`\\b(${[...STRATEGIES].sort((a, b) => b.length - a.length).join("|")})\\b`, "g");

/** Text with every strategy name in <code>. */
export function withNames(text) {
  const parts = String(text).split(NAME);
  return html`${parts.map((part, i) => (i % 2 ? html`<code>${part}</code>` : part))}`;
}

/** The opening sentence and the first reason, for an inline expression in the page's first paragraph. */
export function verdictLead(t) {
  return html`<strong>${withNames(t.lead)}</strong> ${t.reasons[0] ? withNames(t.reasons[0]) : ""}`;
}

/** The remaining reasons and the notes, as a list (empty when there are none). */
export function verdictMore(t) {
  const items = [...t.reasons.slice(1), ...t.notes];
  return items.length ? html`<ul class="verdict-reasons">${items.map((r) => html`<li>${withNames(r)}</li>`)}</ul>` : html``;
}

/** The verdict's opening sentence alone, with a link to its reasons, for pages about something else. */
export function verdictLine(t, href = "./cost-benefit") {
  return html`<strong>${withNames(t.lead)}</strong> <a href=${href}>Why</a>.`;
}
