#!/usr/bin/env bash
# Renders a cinesim report.html to PNG with headless Chromium, to look at the page as a browser
# draws it (issue 7). Debian: `apt-get install -y chromium`.
#
#   scripts/render-report-png.sh [REPORT_HTML_OR_RUN_DIR] [OUT_PNG] [WIDTH] [HEIGHT]
#
# Without a report, writes the test fixture report (ReportsTests/HTMLReportTests, via
# CINESIM_DEMO_REPORT_DIR) to .build/demo-report/ and renders that. WIDTH defaults to 1280
# (a laptop); use 390 for a phone-sized check. HEIGHT is the window height in pixels (default
# 3600, about the fixture report's length at 1280 px; the page has no script to measure itself).
set -euo pipefail

# Resolve path arguments against the caller's directory before changing into the repository:
# `cd` first made `render-report-png.sh ../run/report.html` look inside the repository instead.
absolute() { [[ -z "$1" || "$1" == /* ]] && printf '%s' "$1" || printf '%s/%s' "$PWD" "$1"; }
input="$(absolute "${1:-}")"
out_arg="$(absolute "${2:-}")"
cd "$(dirname "$0")/.."

width="${3:-1280}"
if [[ -z "$input" ]]; then
  demo="$PWD/.build/demo-report"
  CINESIM_DEMO_REPORT_DIR="$demo" swift test --manifest-cache none --filter 'HTMLReportTests/writesDemoReportWhenAsked' >/dev/null
  input="$demo/report.html"
fi
[[ -d "$input" ]] && input="$input/report.html"
[[ -f "$input" ]] || { echo "no report at $input" >&2; exit 2; }
out="${out_arg:-${input%.html}-${width}.png}"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[[ -n "$browser" ]] || { echo "chromium not found (apt-get install -y chromium)" >&2; exit 2; }

abs="$(cd "$(dirname "$input")" && pwd)/$(basename "$input")"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1
       --disable-background-networking --no-first-run --user-data-dir="$(mktemp -d)")

height="${4:-3600}"
"$browser" "${flags[@]}" --window-size="${width},${height}" --screenshot="$out" "file://$abs" 2>/dev/null
echo "$out"
