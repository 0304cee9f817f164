#!/usr/bin/env bash
# Refreshes the CMS bundle served at /quan-tri/ from the npm registry (run by a maintainer, not by
# the build): `npm pack` checks each tarball against the registry's sha512 integrity, the built
# files (no source maps) are copied to docs/quan-tri/vendor/ and their sha256 written to
# docs/quan-tri/vendor/SHA256SUMS, which tests/test_cms.py verifies on every test run.
# To upgrade: change a version below, run this script, re-run the tests, commit the whole folder.
set -euo pipefail
cd "$(dirname "$0")/.."

DECAP_VERSION=3.16.3
JSYAML_VERSION=4.1.0
out=docs/quan-tri/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "decap-cms@$DECAP_VERSION" "js-yaml@$JSYAML_VERSION" >/dev/null)
mkdir -p "$work/decap" "$work/jsyaml"
tar xzf "$work/decap-cms-$DECAP_VERSION.tgz" -C "$work/decap"
tar xzf "$work/js-yaml-$JSYAML_VERSION.tgz" -C "$work/jsyaml"

rm -rf "$out"
mkdir -p "$out/decap-cms-$DECAP_VERSION" "$out/js-yaml-$JSYAML_VERSION"
# decap-cms.js loads its chunks (*.decap-cms.js, *.wasm) from its own folder at run time.
# dist/cms.js is a second copy of the same build under another name: not needed.
src="$work/decap/package/dist"
# The npm package ships no LICENSE file; decap-cms.js.LICENSE.txt lists the bundled licences (MIT).
cp "$src/decap-cms.js" "$src/decap-cms.js.LICENSE.txt" "$src"/*.decap-cms.js "$src"/*.wasm "$out/decap-cms-$DECAP_VERSION/"
cp "$work/jsyaml/package/dist/js-yaml.min.js" "$work/jsyaml/package/LICENSE" "$out/js-yaml-$JSYAML_VERSION/"

(cd "$out" && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
echo "vendored decap-cms $DECAP_VERSION and js-yaml $JSYAML_VERSION: $(du -sh "$out" | cut -f1)"
