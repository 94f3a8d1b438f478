/**
 * The notebook as a Deno user downloads it: a zip of the notebook with the
 * kernel's source, its data and a deno.json whose imports map zod, Plot and
 * linkedom to npm. Unzip, `deno jupyter --install`, open it: nothing but
 * Deno is needed (the npm packages come from the registry on first run).
 * A stored (uncompressed) zip, written by hand: no dependency for one file.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { crc32 } from "node:zlib";
import { join, relative } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? files(path) : [path];
  });
// The CLI is not the notebook's business; everything else of the published package is.
const entries = ["deno.json", "LICENSE", "README.md", "notebooks/tdx-shutdown.ipynb", ...files("src").filter((f) => !f.startsWith("src/cli/")), ...files("data")]
  .map((name) => ({ name: `tdx-shutdown/${relative(".", name)}`, data: readFileSync(join(ROOT, name)) }));

const chunks: Buffer[] = [];
const central: Buffer[] = [];
let offset = 0;
for (const { name, data } of entries) {
  const nameBytes = Buffer.from(name, "utf-8");
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); // local file header
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(0, 8); // stored
  local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00: fixed, so the build is reproducible
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  chunks.push(local, nameBytes, data);
  const entry = Buffer.alloc(46);
  entry.writeUInt32LE(0x02014b50, 0); // central directory header
  entry.writeUInt16LE(20, 4);
  entry.writeUInt16LE(20, 6);
  entry.writeUInt16LE(0x0800, 8);
  entry.writeUInt16LE(0, 10);
  entry.writeUInt32LE(0x00210000, 12);
  entry.writeUInt32LE(crc, 16);
  entry.writeUInt32LE(data.length, 20);
  entry.writeUInt32LE(data.length, 24);
  entry.writeUInt16LE(nameBytes.length, 28);
  entry.writeUInt32LE(offset, 42);
  central.push(entry, nameBytes);
  offset += local.length + nameBytes.length + data.length;
}
const centralSize = central.reduce((a, b) => a + b.length, 0);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0); // end of central directory
end.writeUInt16LE(entries.length, 8);
end.writeUInt16LE(entries.length, 10);
end.writeUInt32LE(centralSize, 12);
end.writeUInt32LE(offset, 16);
process.stdout.write(Buffer.concat([...chunks, ...central, end]));
