// Prints the model-against-measurement table of data/README.md from a fresh run.
import { runValidation } from "../src/mod.ts";
console.log("| case | published | model | tolerance | result |\n| --- | --- | --- | --- | --- |");
for (const r of runValidation()) {
  const err = r.error === null ? "" : ` (${r.error > 0 ? "+" : ""}${(r.error * 100).toFixed(1)}%)`;
  console.log(`| ${r.title} | ${r.publishedText} | ${r.modelText}${err} | ${r.toleranceText} | ${r.pass ? "within" : "MISS"} |`);
}
