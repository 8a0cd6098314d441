// Builds the Dashboard pages into one script and one style sheet that Django serves and the
// Python package ships: ../../static/dashboard/dashboard.{js,css}. Run with `npm run build`.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const outdir = fileURLToPath(new URL("../../static/dashboard/", import.meta.url));
// Django serves only these (saleor_retention/dashboard/views.py BUNDLE_FILES).
const OUTPUTS = ["dashboard.js", "dashboard.css"];

// macaw-ui's style sheet declares 57 web fonts (4 MB). The pages use the system's sans-serif
// instead of shipping them; everything else of the style sheet is kept.
const withoutWebFonts = {
  name: "without-web-fonts",
  setup(build) {
    build.onLoad({ filter: /macaw-ui[\\/]dist[\\/]style\.css$/ }, async ({ path }) => ({
      contents: (await readFile(path, "utf8")).replace(/@font-face\{[^}]*\}/g, ""),
      loader: "css",
    }));
  },
};

/** Returns a comment naming every package in the bundle with its version and licence. */
async function licenceBanner(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match) packages.add(match[1]);
  }
  const lines = [];
  for (const name of [...packages].sort()) {
    const manifest = JSON.parse(await readFile(`node_modules/${name}/package.json`, "utf8"));
    lines.push(` * ${name} ${manifest.version} (${manifest.license})`);
  }
  return `/*! saleor-retention Dashboard pages. Bundled packages:\n${lines.join("\n")}\n */\n`;
}

const result = await esbuild.build({
  entryPoints: { dashboard: "src/main.jsx" },
  outdir,
  write: false,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  platform: "browser",
  jsx: "automatic",
  loader: { ".graphql": "text" },
  define: { "process.env.NODE_ENV": '"production"' },
  plugins: [withoutWebFonts],
  metafile: true,
  logLevel: "warning",
});

const written = result.outputFiles.map((file) => basename(file.path)).sort();
if (JSON.stringify(written) !== JSON.stringify([...OUTPUTS].sort())) {
  throw new Error(`The build made ${written.join(", ")}; Django serves ${OUTPUTS.join(", ")}.`);
}
const banner = await licenceBanner(result.metafile);
await mkdir(outdir, { recursive: true });
for (const file of result.outputFiles) {
  const contents = banner + file.text;
  await writeFile(file.path, contents);
  console.log(`${basename(file.path)}: ${(Buffer.byteLength(contents) / 1024).toFixed(1)} KiB`);
}
