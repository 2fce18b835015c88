// The site's own script and styles, minified for readers: `npm run minify`.
//
//   docs/assets/javascripts/reading.js   -> reading.min.js  (terser)
//   docs/assets/stylesheets/backblog.css -> backblog.min.css (csso)
//
// mkdocs.yml loads the minified files; edit the sources, then run this. Both
// tools are pinned in package.json, so the output is the same on every
// machine: tests/test_page_weight.py runs this with --check and fails when a
// minified file is not the one its source gives.
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { minify as minifyJs } from "terser";
import { minify as minifyCss } from "csso";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const assets = [
  ["docs/assets/javascripts/reading.js", "docs/assets/javascripts/reading.min.js", async (text) =>
    (await minifyJs(text, { compress: true, mangle: true, format: { comments: false } })).code + "\n"],
  ["docs/assets/stylesheets/backblog.css", "docs/assets/stylesheets/backblog.min.css", async (text) =>
    minifyCss(text, { restructure: false }).css + "\n"],
];

const check = process.argv.includes("--check");
let stale = 0;
for (const [source, target, minify] of assets) {
  const made = await minify(await readFile(join(root, source), "utf8"));
  if (check) {
    const current = await readFile(join(root, target), "utf8").catch(() => "");
    if (current !== made) {
      console.error(`${target} is not the minified ${source}: run npm run minify`);
      stale += 1;
    }
  } else {
    await writeFile(join(root, target), made);
    console.log(`${target}: ${made.length} bytes`);
  }
}
process.exit(stale ? 1 : 0);
