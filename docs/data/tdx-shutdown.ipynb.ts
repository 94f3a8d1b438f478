/** The notebook (notebooks/), served by the site for download: Framework only reads files under docs/. */
import { readFileSync } from "node:fs";

process.stdout.write(readFileSync(new URL("../../notebooks/tdx-shutdown.ipynb", import.meta.url)));
