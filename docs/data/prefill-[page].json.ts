/**
 * Build-time results of the kernel requests a page sends for the default
 * scenario (docs/components/requests.js, PAGE_REQUESTS): data/prefill-PAGE.json,
 * one file per page that runs the kernel. Framework passes --page=PAGE.
 */
import { parseArgs } from "node:util";
import * as K from "../../src/mod.ts";
import { PAGE_REQUESTS, requestKey } from "../components/requests.js";
import { prefill } from "../workers/jobs.ts";

const { values } = parseArgs({ options: { page: { type: "string" } } });
const requests = values.page !== undefined ? PAGE_REQUESTS[values.page] : undefined;
if (!requests) throw new Error(`prefill: no requests for page ${values.page}; known: ${Object.keys(PAGE_REQUESTS).join(", ")}`);
process.stdout.write(JSON.stringify(prefill(requests(K, K.params({})), requestKey)));
