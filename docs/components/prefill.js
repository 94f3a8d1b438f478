// The build's results for each preset's default scenario
// (docs/data/prefill/[preset].json.ts), one file per preset, fetched when a
// page first asks for that preset. Framework needs each file's name as a
// literal, so the presets are listed here (test/browser.test.ts checks that
// every preset has its file).
import {FileAttachment} from "observablehq:stdlib";

export const PREFILL = {
  "emr-2s": () => FileAttachment("../data/prefill/emr-2s.json").json(),
  "emr-1s": () => FileAttachment("../data/prefill/emr-1s.json").json(),
  "spr-2s": () => FileAttachment("../data/prefill/spr-2s.json").json(),
  "spr-1s": () => FileAttachment("../data/prefill/spr-1s.json").json(),
  "gnr-2s": () => FileAttachment("../data/prefill/gnr-2s.json").json(),
  "gnr-1s": () => FileAttachment("../data/prefill/gnr-1s.json").json(),
  "tiny-4": () => FileAttachment("../data/prefill/tiny-4.json").json(),
  "peter-3": () => FileAttachment("../data/prefill/peter-3.json").json(),
};
