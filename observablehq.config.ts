// Observable Framework configuration: the document lives in docs/.
// Everything the pages import comes from node_modules or docs/lib (the
// kernel bundle, scripts/bundle-kernel.mjs); the build needs no network
// (scripts/site.mjs seeds Framework's version cache first). Pages must import
// Plot, Inputs, d3 and htl explicitly: Framework's implicit imports and npm:
// specifiers would be fetched from jsDelivr.
export default {
  root: "docs",
  title: "tdx-shutdown",
  pages: [
    { name: "The thread", path: "/thread" },
    { name: "What shutdown does", path: "/shutdown" },
    { name: "Mechanisms", path: "/mechanisms" },
    { name: "Scaling", path: "/scaling" },
    { name: "All BIOS-enabled CPUs", path: "/all-cpus" },
    { name: "Cost vs benefit", path: "/cost-benefit" },
    { name: "What happened", path: "/outcome" },
    { name: "Method and sources", path: "/method" },
  ],
  // The default links a web font from fonts.googleapis.com: no global stylesheets,
  // and our own stylesheet (Framework's themes, system fonts).
  globalStylesheets: [],
  style: "style.css",
  header: "",
  // No favicon request (the browser would log a 404 on any static server).
  head: '<link rel="icon" href="data:,">',
  footer: "A model, not a measurement: every default has its source on Method and sources.",
  search: false,
  linkify: true,
  // Links end in .html and name index.html, so the site works from any static file server.
  preserveExtension: true,
  preserveIndex: true,
};
