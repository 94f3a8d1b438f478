// The data a built page fetches on load, asked for while its modules load.
//
// Framework fetches a FileAttachment only when the cell that reads it runs,
// and a cell runs after every module it imports is loaded and evaluated
// (kernel, Plot, Inputs: 300-450 ms on this machine); the JSON took another
// 100-150 ms, partly hidden behind the cells' own work. A
// <link rel="preload" as="fetch" crossorigin> starts the same request with
// the modules; fetch() (FileAttachment.json()) then takes the preloaded
// response (same URL, cors mode, same-origin credentials).
//
// What is preloaded, read from the built page itself:
// - every FileAttachment("….json").json() in its cells (they run on load);
// - on a page that runs the kernel (it registers the build's results,
//   docs/components/prefill.js), the results file of the link's preset, or of
//   the default preset: chosen in the page by a one-line script, since the
//   preset is in the query string. A link to a non-default scenario of that
//   preset still reads the file (the page looks its requests up there). A
//   page without the parameter panel reads no scenario from the link and
//   always gets the default preset's file.

/** The built path of each registered file: name -> path (registerFile("name", {…"path":"…"})). */
export function registeredFiles(html) {
  const files = new Map();
  for (const m of html.matchAll(/registerFile\(("(?:[^"\\]|\\.)*"), (\{[^\n]*?\})\);/g)) {
    const meta = JSON.parse(m[2]);
    files.set(JSON.parse(m[1]), meta.path);
  }
  return files;
}

const PREFILL = /^\.\/data\/prefill\/([a-z0-9-]+)\.json$/;
const preload = (path) => `<link rel="preload" as="fetch" crossorigin href="${path}">`;

/** html with preload links for the data it fetches on load, just before </head>. */
export function withDataPreloads(html, defaultPreset) {
  const files = registeredFiles(html);
  const eager = new Set();
  for (const m of html.matchAll(/FileAttachment\("([^"]+\.json)"\)\.json\(\)/g)) {
    const name = m[1].startsWith("./") ? m[1] : `./${m[1]}`;
    if (files.has(name) && !PREFILL.test(name)) eager.add(files.get(name));
  }
  const links = [...eager].map(preload);
  const byPreset = {};
  for (const [name, path] of files) {
    const m = PREFILL.exec(name);
    if (m) byPreset[m[1]] = path;
  }
  // A page without the parameter panel (components/panel.js) does not read the link's scenario: its results are the default preset's.
  const followsLink = /components\/panel\.[0-9a-f]+\.js/.test(html);
  if (byPreset[defaultPreset] && !followsLink) links.push(preload(byPreset[defaultPreset]));
  else if (byPreset[defaultPreset]) {
    // JSON is a valid script expression here: names and paths are [a-z0-9./_-] only.
    if (!Object.entries(byPreset).every(([k, v]) => /^[a-z0-9-]+$/.test(k) && /^[A-Za-z0-9./_-]+$/.test(v))) throw new Error("unexpected prefill file name");
    links.push(`<script>{const f=${JSON.stringify(byPreset)},p=new URLSearchParams(location.search).get("preset"),l=document.createElement("link");l.rel="preload";l.as="fetch";l.crossOrigin="";l.href=f[Object.hasOwn(f,p)?p:${JSON.stringify(defaultPreset)}];document.head.append(l)}</script>`);
  }
  if (!links.length) return html;
  return html.replace("</head>", `${links.join("\n")}\n</head>`);
}
