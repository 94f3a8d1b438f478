/** The thread archive (data/thread.json) for the pages: Framework can only read files under docs/. */
import thread from "../../data/thread.json" with { type: "json" };

process.stdout.write(JSON.stringify(thread));
