// Reads {orders, files: [[path, format, text]]} on stdin; prints {path: text as the CMS would save
// it unchanged} — the CMS writer (docs/quan-tri/thidua-cms.js) with the vendored js-yaml.
const path = require("path");
const fs = require("fs");
const docs = path.join(__dirname, "..", "..", "docs", "quan-tri");
const writer = require(path.join(docs, "thidua-cms.js"));
const jsyaml = require(path.join(docs, "vendor", "js-yaml-4.1.0", "js-yaml.min.js"));
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const formats = writer.makeFormats(jsyaml, input.orders, input.year_field);
const out = {};
for (const [file, format, text] of input.files) {
  const f = formats[format];
  out[file] = text === null ? null : f.toFile(f.fromFile(text));
}
for (const [file, format, data] of input.data || []) out[file] = formats[format].toFile(data);
process.stdout.write(JSON.stringify(out));
