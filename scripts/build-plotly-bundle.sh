#!/usr/bin/env bash
# Rebuild dashboards/assets/vendor/plotly-dashboard.min.js: plotly.js with only the trace types
# the dashboard draws (scatter, bar, heatmap, scattergl), a third of the full bundle's size and
# about a fifth of its start-up work in the browser. Needs node and npm; the result is committed,
# so running the dashboard never needs them. Keep PLOTLY_JS at the version of the plotly.js that
# the installed `plotly` Python package ships (the first line of its plotly.min.js).
set -euo pipefail
cd "$(dirname "$0")/.."

PLOTLY_JS="${PLOTLY_JS:-4.1.1}"
OUT="$PWD/dashboards/assets/vendor/plotly-dashboard.min.js"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "plotly.js@${PLOTLY_JS}" >/dev/null
tar xzf "plotly.js-${PLOTLY_JS}.tgz"
cd package
npm install --silent --no-audit --no-fund --ignore-scripts --omit=optional >/dev/null
esbuild_version="$(node -p "require('esbuild/package.json').version")"
npm install --silent --no-save --no-audit --no-fund --ignore-scripts \
    "@esbuild/linux-x64@${esbuild_version}" >/dev/null
cat > lib/index-dashboard.js <<'JS'
'use strict';
var Plotly = require('./core');
Plotly.register([require('./bar'), require('./heatmap'), require('./scattergl')]);
module.exports = Plotly;
JS
cat > build-dashboard.js <<JS
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
esbuild.build({
    entryPoints: ['./lib/index-dashboard.js'],
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    banner: { js: '/*! plotly.js v${PLOTLY_JS} (scatter, bar, heatmap, scattergl), MIT License, '
        + 'Copyright 2012-2026 Plotly, Inc. Built by scripts/build-plotly-bundle.sh */' },
    plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    outfile: '${OUT}',
    logLevel: 'warning',
}).catch(() => process.exit(1));
JS
node build-dashboard.js
echo "wrote ${OUT} ($(wc -c <"${OUT}") bytes)"
