/** The build's commit and date, for the citation on Method and sources. */
import { build } from "../components/build-info.ts";

process.stdout.write(JSON.stringify(build));
