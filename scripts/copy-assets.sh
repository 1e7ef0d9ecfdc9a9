#!/usr/bin/env bash
# Copy the dist files of the npm packages into fazhi/static/vendor/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=fazhi/static/vendor
rm -rf "$dest"
mkdir -p "$dest"/{bootstrap,bootstrap-icons/fonts,htmx,echarts,html-to-image}
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$dest/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$dest/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$dest/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$dest/bootstrap-icons/fonts/"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/echarts/dist/echarts.min.js "$dest/echarts/"
# 一屏掌控's "导出图片" of the whole screen (charts export themselves through ECharts).
cp node_modules/html-to-image/dist/html-to-image.js "$dest/html-to-image/"
echo "assets copied to $dest"
