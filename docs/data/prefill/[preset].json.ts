/**
 * Build-time results of every page's kernel requests for one preset's
 * default scenario (docs/components/requests.js, PAGE_REQUESTS), through the
 * worker's own jobs (docs/workers/jobs.ts): data/prefill/PRESET.json, one
 * file per preset, fetched by a page when its scenario is that preset's
 * (docs/components/prefill.js). Framework passes --preset=PRESET.
 */
import { parseArgs } from "node:util";
import * as K from "../../../src/mod.ts";
import { PAGE_REQUESTS, requestKey } from "../../components/requests.js";
import { prefill } from "../../workers/jobs.ts";

const { values } = parseArgs({ options: { preset: { type: "string" } } });
if (!K.PRESETS.some((x) => x.id === values.preset)) throw new Error(`prefill: unknown preset ${values.preset}`);
const p = K.params({ preset: values.preset });
process.stdout.write(JSON.stringify(prefill(Object.values(PAGE_REQUESTS).flatMap((requests) => requests(K, p)), requestKey)));
