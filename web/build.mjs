// Copy the pinned front-end libraries from node_modules into the Python package, so the wheel ships
// them and the web map never fetches anything at run time. Run: npm ci && npm run build
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "..", "src", "frontscope", "serve", "static", "vendor");
const files = {
  "maplibre-gl": ["dist/maplibre-gl.js", "dist/maplibre-gl.css", "LICENSE.txt"],
  "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"],
};
const notes = [];
for (const [pkg, list] of Object.entries(files)) {
  const root = join(here, "node_modules", pkg);
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
  const out = join(vendor, pkg);
  mkdirSync(out, { recursive: true });
  for (const f of list) {
    const name = f.split("/").pop();
    let text = readFileSync(join(root, f));
    if (name.endsWith(".js") || name.endsWith(".css")) {
      // Drop the source-map comment: the map files are not shipped, and browsers would ask for them.
      text = Buffer.from(text.toString("utf8")
        .replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n").replace(/\/\*# sourceMappingURL=[^*]+\*\/\s*$/, "\n"));
    }
    writeFileSync(join(out, name), text);
  }
  notes.push(`${pkg} ${version}: ${list.join(", ")}`);
}
writeFileSync(join(vendor, "VERSIONS.txt"), notes.join("\n") + "\n");
console.log(notes.join("\n"));
