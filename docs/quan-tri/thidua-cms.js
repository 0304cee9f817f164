/* The web editor's glue over Decap CMS (vendor/): file formats that write YAML exactly as the
 * importer does (hooks/thidua/importer/write.py, PyYAML block style, double quotes), so a record
 * saved from the form differs from the committed one only where the editor changed something;
 * registries keep their header comments and their one-entry-per-paragraph layout.
 * Key order and required keys come from thidua-cms.json, generated from the JSON Schemas.
 * Also usable from Node (tests/test_cms.py checks it against write.py). */
(function (root) {
  "use strict";

  // --- PyYAML's scalar rules (yaml/emitter.py analyze_scalar, yaml/resolver.py without timestamps)
  var RESOLVERS = [
    /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    /^(?:~|null|Null|NULL|)$/,
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    /^(?:<<)$/, /^(?:=)$/, /^(?:!|&|\*)$/,
  ];
  var FIRST = { 0: "yYnNtTfFoO", 1: "~nN", 2: "-+0123456789.", 3: "-+0123456789", 4: "<", 5: "=", 6: "!&*" };
  var WS = "\0 \t\r\n\x85\u2028\u2029";
  var BREAKS = "\n\x85\u2028\u2029";

  function resolvesToOther(s) {
    if (s === "") return true;
    for (var i = 0; i < RESOLVERS.length; i++) {
      if (FIRST[i].indexOf(s[0]) >= 0 && RESOLVERS[i].test(s)) return true;
    }
    return false;
  }

  function printable(ch) {
    return ch === "\n" || (ch >= "\x20" && ch <= "\x7E") || ch === "\x85" ||
      (ch >= "\xA0" && ch <= "\uD7FF") || (ch >= "\uE000" && ch <= "\uFFFD" && ch !== "\uFEFF") ||
      ch.length === 2; // astral characters (a surrogate pair)
  }

  function analyze(s) {
    var chars = Array.from(s);
    var block = false, flow = false, lineBreaks = false, special = false;
    var leadSpace = false, leadBreak = false, trailSpace = false, trailBreak = false;
    var breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false;
    if (s.slice(0, 3) === "---" || s.slice(0, 3) === "...") { block = flow = true; }
    var precededWs = true;
    var followedWs = chars.length === 1 || WS.indexOf(chars[1]) >= 0;
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i];
      if (i === 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) { flow = block = true; }
        if ("?:".indexOf(ch) >= 0) { flow = true; if (followedWs) block = true; }
        if (ch === "-" && followedWs) { flow = block = true; }
      } else {
        if (",?[]{}".indexOf(ch) >= 0) flow = true;
        if (ch === ":") { flow = true; if (followedWs) block = true; }
        if (ch === "#" && precededWs) { flow = block = true; }
      }
      if (BREAKS.indexOf(ch) >= 0) lineBreaks = true;
      if (!printable(ch)) special = true;
      if (ch === " ") {
        if (i === 0) leadSpace = true;
        if (i === chars.length - 1) trailSpace = true;
        if (prevBreak) breakSpace = true;
        prevSpace = true; prevBreak = false;
      } else if (BREAKS.indexOf(ch) >= 0) {
        if (i === 0) leadBreak = true;
        if (i === chars.length - 1) trailBreak = true;
        if (prevSpace) spaceBreak = true;
        prevSpace = false; prevBreak = true;
      } else { prevSpace = prevBreak = false; }
      precededWs = WS.indexOf(ch) >= 0;
      followedWs = i + 2 >= chars.length || WS.indexOf(chars[i + 2]) >= 0;
    }
    var flowPlain = true, blockPlain = true;
    if (leadSpace || leadBreak || trailSpace || trailBreak) flowPlain = blockPlain = false;
    if (breakSpace || spaceBreak || special || lineBreaks) flowPlain = blockPlain = false;
    if (flow) flowPlain = false;
    if (block) blockPlain = false;
    return { flowPlain: flowPlain, blockPlain: blockPlain };
  }

  var ESCAPES = { "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\x0B": "v", "\f": "f",
    "\r": "r", "\x1B": "e", '"': '"', "\\": "\\", "\x85": "N", "\xA0": "_", "\u2028": "L", "\u2029": "P" };

  function doubleQuoted(s) {
    var out = '"';
    Array.from(s).forEach(function (ch) {
      var keep = ((ch >= "\x20" && ch <= "\x7E") || (ch >= "\xA0" && ch <= "\uD7FF") ||
        (ch >= "\uE000" && ch <= "\uFFFD")) && '"\\\x85\u2028\u2029\uFEFF'.indexOf(ch) < 0;
      if (keep) { out += ch; return; }
      if (ESCAPES[ch] !== undefined) { out += "\\" + ESCAPES[ch]; return; }
      var code = ch.codePointAt(0);
      var hex = code.toString(16).toUpperCase();
      out += code <= 0xFF ? "\\x" + hex.padStart(2, "0") : code <= 0xFFFF ? "\\u" + hex.padStart(4, "0") : "\\U" + hex.padStart(8, "0");
    });
    return out + '"';
  }

  function scalar(value, inFlow) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    var s = String(value).normalize("NFC");
    var a = analyze(s);
    if (!resolvesToOther(s) && (inFlow ? a.flowPlain : a.blockPlain)) return s;
    return doubleQuoted(s);
  }

  // --- values: order and prune as the record writer does ---
  function isEmpty(v) {
    return v === undefined || v === null || v === "" ||
      (Array.isArray(v) && v.length === 0) ||
      (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);
  }

  function clean(value, order) {
    if (Array.isArray(value)) {
      return value.map(function (v) { return clean(v, order); }).filter(function (v) { return !isEmpty(v); });
    }
    if (value && typeof value === "object") {
      var out = {};
      var keys = Object.keys(order || {}).filter(function (k) { return k in value; });
      Object.keys(value).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
      keys.forEach(function (k) {
        var spec = (order || {})[k];
        var v = clean(value[k], spec ? spec.k : {});
        if (isEmpty(v) && !(spec && spec.r && v === "")) return;
        out[k] = v;
      });
      return out;
    }
    return typeof value === "string" ? value.normalize("NFC") : value;
  }

  // PyYAML block style with indented sequences (write.py's _Dumper).
  function dumpNode(value, indent) {
    var pad = " ".repeat(indent);
    if (Array.isArray(value)) {
      if (value.length === 0) return " []\n";
      return "\n" + value.map(function (item) { return pad + "  -" + dumpItem(item, indent + 4); }).join("");
    }
    if (value && typeof value === "object") {
      if (Object.keys(value).length === 0) return " {}\n";
      return "\n" + dumpMap(value, indent + 2);
    }
    return " " + scalar(value, false) + "\n";
  }

  function dumpItem(item, indent) {
    if (item && typeof item === "object" && !Array.isArray(item) && Object.keys(item).length) {
      var text = dumpMap(item, indent);
      return " " + text.slice(indent);
    }
    return dumpNode(item, indent - 2);
  }

  function dumpMap(map, indent) {
    var pad = " ".repeat(indent);
    return Object.keys(map).map(function (k) { return pad + scalar(k, false) + ":" + dumpNode(map[k], indent); }).join("");
  }

  // --- registries: hand-written layout, one paragraph per entry, short lists inline ---
  // (regular expressions stay one per line, as in campaigns/movements.yml). Comments inside an
  // entry are not kept: a save from the form drops them, the header comments stay.
  var BLOCK_LISTS = ["patterns"];
  function flowList(list) {
    if (!list.every(function (v) { return typeof v === "string" && v !== "" && !resolvesToOther(v) && analyze(v).flowPlain; })) return null;
    return "[" + list.join(", ") + "]";
  }

  function dumpRegistry(items, header) {
    var body = items.map(function (item) {
      var lines = Object.keys(item).map(function (k, i) {
        var v = item[k], lead = i === 0 ? "- " : "  ";
        if (Array.isArray(v) && BLOCK_LISTS.indexOf(k) < 0) {
          var inline = flowList(v);
          if (inline !== null) return lead + k + ": " + inline + "\n";
        }
        return lead + k + ":" + dumpNode(v, 2).replace(/^\n/, "\n");
      });
      return lines.join("");
    }).join("\n");
    return (header || "") + body;
  }

  function splitHeader(text) {
    var lines = text.split("\n"), n = 0;
    while (n < lines.length && (lines[n].charAt(0) === "#" || lines[n].trim() === "")) n++;
    return { header: lines.slice(0, n).join("\n") + (n ? "\n" : ""), rest: lines.slice(n).join("\n") };
  }

  function splitFrontMatter(text) {
    var m = /^---\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
    return m ? { yaml: m[1], body: m[2] } : { yaml: "", body: text };
  }

  function makeFormats(jsyaml, orders, yearField) {
    var load = function (t) { return jsyaml.load(t, { schema: jsyaml.CORE_SCHEMA }) || {}; };
    var HEADER = "__dau_tep";  // the registry's header comments, kept through a save
    return {
      "thidua-record": {
        extension: "md",
        fromFile: function (text) {
          var parts = splitFrontMatter(text);
          var data = load(parts.yaml);
          data.body = parts.body.replace(/^\n+/, "");
          if (yearField && data.issued) data[yearField] = String(data.issued).slice(0, 4);
          return data;
        },
        toFile: function (data) {
          var copy = Object.assign({}, data);
          var body = (copy.body || "").trim();
          delete copy.body;
          if (yearField) delete copy[yearField];
          return "---\n" + dumpMap(clean(copy, orders["thidua-record"]), 0) + "---\n\n" + body + "\n";
        },
      },
      "thidua-yaml": {
        extension: "yml",
        fromFile: load,
        toFile: function (data) { return dumpMap(clean(data, orders["thidua-yaml"]), 0); },
      },
      "thidua-list": {
        extension: "yml",
        fromFile: function (text) {
          var parts = splitHeader(text);
          var data = { items: load(parts.rest) };
          if (!Array.isArray(data.items)) data.items = [];
          data[HEADER] = parts.header;
          return data;
        },
        toFile: function (data) {
          var items = data.items || [];
          var order = items.some(function (i) { return i && "kind" in i; }) ? orders.units : orders.vocabulary;
          return dumpRegistry(clean(items, order), data[HEADER] || "");
        },
      },
    };
  }

  var api = { scalar: scalar, dumpMap: dumpMap, clean: clean, makeFormats: makeFormats, dumpRegistry: dumpRegistry };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  // --- in the browser: register the formats, the portal's look for previews, then start ---
  function decreePreview(props) {
    var h = root.h, entry = props.entry, get = function (k) { return entry.getIn(["data", k]); };
    return h("article", { className: "md-typeset thidua-preview" },
      h("p", {}, h("strong", {}, get("heading") || ""), " ", get("number") || "(chưa có số)"),
      h("h1", {}, get("title") || ""),
      h("p", {}, "Cơ quan ban hành: ", get("issuer") || "", " · Ngày ban hành: ", get("issued") || ""),
      props.widgetFor("body"));
  }

  fetch("thidua-cms.json").then(function (r) { return r.json(); }).then(function (page) {
    var CMS = root.CMS;
    var formats = makeFormats(root.jsyaml, page.orders, page.year_field);
    Object.keys(formats).forEach(function (name) { CMS.registerCustomFormat(name, formats[name].extension, formats[name]); });
    page.preview_styles.forEach(function (href) { CMS.registerPreviewStyle(href); });
    CMS.registerPreviewTemplate("van-ban", decreePreview);
    // A new record goes to campaigns/<year of issue>/ (the collection's path uses this field).
    CMS.registerEventListener({
      name: "preSave",
      handler: function (event) {
        var data = event.entry.get("data");
        var issued = data.get("issued");
        return issued ? data.set(page.year_field, String(issued).slice(0, 4)) : data;
      },
    });
    CMS.init();
  });
})(typeof window !== "undefined" ? window : globalThis);
