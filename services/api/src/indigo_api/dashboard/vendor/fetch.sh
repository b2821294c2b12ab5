#!/usr/bin/env bash
# Re-fetch the dashboard's vendored libraries from the npm registry (`npm pack`), check each
# tarball against the integrity pinned here, and copy the files the dashboard uses with the
# licence. Run it to reproduce vendor/ or, with a new version and integrity, to upgrade.
set -euo pipefail
cd "$(dirname "$0")"

vendor() {
    local name=$1 version=$2 integrity=$3
    shift 3
    local work
    work=$(mktemp -d)
    trap 'rm -rf "$work"' RETURN
    (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
    local tarball=("$work"/*.tgz)
    local actual
    actual="sha512-$(openssl dgst -sha512 -binary "${tarball[0]}" | base64 -w0)"
    if [[ $actual != "$integrity" ]]; then
        echo "$name@$version: integrity $actual, expected $integrity" >&2
        return 1
    fi
    tar -xzf "${tarball[0]}" -C "$work"
    rm -rf "$name" && mkdir -p "$name"
    cp "$work/package/LICENSE" "$name/"
    for file in "$@"; do cp "$work/package/$file" "$name/"; done
    echo "$name@$version" >"$name/VERSION"
    echo "vendored $name@$version"
}

vendor uplot 1.6.32 \
    'sha512-KIMVnG68zvu5XXUbC4LQEPnhwOxBuLyW1AHtpm6IKTXImkbLgkMy+jabjLgSLMasNuGGzQm/ep3tOkyTxpiQIw==' \
    dist/uPlot.esm.js dist/uPlot.min.css
