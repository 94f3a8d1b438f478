// A short, attributed quote from the thread archive (data/thread.json),
// linked to the message on lore.kernel.org. Text only: never parsed as HTML.
import { html } from "htl";

export function quote(thread, n, { text } = {}) {
  const m = thread.messages.find((x) => x.n === n);
  if (!m) throw new Error(`no message ${n} in the thread archive`);
  const q = text ?? m.quote;
  const when = new Date(m.date).toISOString().slice(0, 16).replace("T", " ");
  return html`<blockquote class="thread-quote">
    <p>“${q}”</p>
    <footer>— ${m.from}, <a href=${m.url}>${when} UTC</a></footer>
  </blockquote>`;
}
