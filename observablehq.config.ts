// Observable Framework configuration: the document lives in docs/.
// Everything the pages import comes from node_modules or docs/lib (the
// kernel bundle, scripts/bundle-kernel.mjs); the build needs no network
// (scripts/site.mjs seeds Framework's version cache first). Pages must import
// Plot, Inputs, d3 and htl explicitly: Framework's implicit imports and npm:
// specifiers would be fetched from jsDelivr.
import { readFileSync } from "node:fs";

/** The build's commit and date, written by scripts/bundle-kernel.mjs before every build. */
const build: { commit: string; date: string } = (() => {
  try {
    return JSON.parse(readFileSync("docs/lib/build.json", "utf-8"));
  } catch {
    return { commit: "unknown", date: "unknown" };
  }
})();

/** What a link preview and a search engine show for each page. */
const DESCRIPTIONS: Record<string, string> = {
  "/index": "What running TDH.SYS.LP.SHUTDOWN on every CPU costs with each mechanism of the 2022 TDX review, and what it could ever buy: a simulator you can steer.",
  "/thread": "The November 2022 review of \"x86/virt/tdx: Shut down TDX module in case of error\", message by message, each argument linked to the figure that tests it.",
  "/shutdown": "What TDH.SYS.LP.SHUTDOWN does in the TDX module source, and what a later bogus SEAMCALL gets after each kind of failed initialisation.",
  "/mechanisms": "on_each_cpu, schedule_on_each_cpu, a serial loop, cpuhp callbacks and stop_machine, CPU by CPU.",
  "/scaling": "How each mechanism's cost grows with the number of CPUs.",
  "/all-cpus": "Which CPUs each mechanism reaches, and how hard it hits RT and nohz_full CPUs.",
  "/cost-benefit": "The shutdown's expected cost and benefit per fleet-year, its break-even probability, and which inputs could flip the verdict.",
  "/outcome": "What happened to TDX module initialisation in Linux after the review.",
  "/calibrate": "Fit the model to a kernel trace of your own machine (trace-cmd, tracefs or perf text), in your browser, and see the verdict for it; export any simulated run for Perfetto.",
  "/method": "The model, its validation against published measurements, every parameter's source, and how to cite.",
};

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

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
    { name: "Your machine", path: "/calibrate" },
    { name: "What happened", path: "/outcome" },
    { name: "Method and sources", path: "/method" },
  ],
  // The default links a web font from fonts.googleapis.com: no global stylesheets,
  // and our own stylesheet (Framework's themes, system fonts).
  globalStylesheets: [],
  style: "style.css",
  header: "",
  // No favicon request (the browser would log a 404 on any static server).
  // Description and OpenGraph tags for link previews; og:url follows the
  // scenario at run time (url-state.js), a static page cannot know it.
  head: ({ title, path }: { title?: string; path: string }) => {
    const description = escape(DESCRIPTIONS[path] ?? DESCRIPTIONS["/index"]);
    return `<link rel="icon" href="data:,">
<meta name="description" content="${description}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="tdx-shutdown">
<meta property="og:title" content="${escape(title ?? "tdx-shutdown")}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="">
<meta name="twitter:card" content="summary">
<script>document.documentElement.lang = "en";</script>`;
  },
  footer: `tdx-shutdown, built from commit <code>${build.commit}</code> of ${build.date}. MIT licence. <a href="./method.html#cite">How to cite</a>. A model, not a measurement: every default has its source on <a href="./method.html#parameters">Method and sources</a>.`,
  search: false,
  linkify: true,
  // Links end in .html and name index.html, so the site works from any static file server.
  preserveExtension: true,
  preserveIndex: true,
};
