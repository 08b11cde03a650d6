#!/usr/bin/env bash
# Report bundle benchmark: ReportBundleWriter writing N rows (default 1,000,000) to a tar.gz, against GNU
# `tar czf` compressing the very same CSV files already on disk, in one run. Prints time and peak RSS of both
# and the ratios. Targets: bundle peak RSS < 200 MB; bundle time <= 2x tar czf.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
project=bench/reports/Transporter.Bench.Reports
dotnet build "$project" -c Release -nologo -v quiet >/dev/null
dll="$project/bin/Release/net10.0/Transporter.Bench.Reports.dll"
work=$(mktemp -d /tmp/transporter-bench-reports.XXXXXX)
trap 'rm -rf "$work"' EXIT

seconds() { sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" | awk -F: '{ s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s }'; }
rss_mb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | awk '{ printf "%.1f", $1/1024 }'; }

echo "writing a bundle of $rows rows with ReportBundleWriter"
/usr/bin/time -v -o "$work/writer.time" dotnet "$dll" "$rows" "$work/bundle.tar.gz"
mkdir "$work/csv"
tar xzf "$work/bundle.tar.gz" -C "$work/csv"
csv_mb=$(du -sm "$work/csv" | cut -f1)
echo "the same CSVs on disk: ${csv_mb} MB; tar czf of them"
sync
/usr/bin/time -v -o "$work/tar.time" tar czf "$work/peer.tar.gz" -C "$work/csv" summary.csv successful-transfers.csv failed-transfers.csv

w_s=$(seconds "$work/writer.time"); t_s=$(seconds "$work/tar.time")
w_rss=$(rss_mb "$work/writer.time"); t_rss=$(rss_mb "$work/tar.time")
w_size=$(stat -c %s "$work/bundle.tar.gz"); t_size=$(stat -c %s "$work/peer.tar.gz")
printf '%-28s %10s %14s %14s\n' "" "seconds" "peak RSS MB" "archive bytes"
printf '%-28s %10s %14s %14s\n' "ReportBundleWriter" "$w_s" "$w_rss" "$w_size"
printf '%-28s %10s %14s %14s\n' "tar czf (CSVs on disk)" "$t_s" "$t_rss" "$t_size"
awk -v w="$w_s" -v t="$t_s" -v r="$w_rss" -v ws="$w_size" -v ts="$t_size" 'BEGIN {
  ratio = w / t
  printf "time ratio writer/tar: %.2f (target <= 2.00) %s\n", ratio, (ratio <= 2 ? "OK" : "MISSED")
  printf "writer peak RSS: %.1f MB (target < 200) %s\n", r, (r < 200 ? "OK" : "MISSED")
  printf "size ratio writer/tar: %.2f\n", ws / ts
}'
