// The page's address as the scenario last published gives it. url-state.js
// writes the address bar a moment after a change (once the cells have
// posted their work) and names the coming address here until then; figures
// read it for their download links. No kernel import: pages without a
// parameter panel (Thread, Outcome) load figures too, and stay light.
let coming = null;

/** The page's address for the scenario last published. */
export function pageHref() {
  return coming ?? location.href;
}

/** The address the bar is about to show (null once it shows it). */
export function setComingHref(href) {
  coming = href;
}
