#!/usr/bin/env bash
# Compile GOV.UK Frontend with hrsa's settings into hrsa/static/dist (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
out=hrsa/static/dist
mkdir -p "$out"
npx --no-install sass --load-path=node_modules --style=compressed --no-source-map \
  --quiet-deps hrsa/static/src/app.scss "$out/app.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/govuk-frontend.min.js"
cp hrsa/static/src/*.js "$out/"
echo "front end built into $out"
