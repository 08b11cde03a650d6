#!/usr/bin/env bash
# Report bundle benchmark, in one run on this machine:
#   1. the preparation path (what POST /reports/prepare runs): N report rows (default 1,000,000) of a finished run in a
#      SQLite database streamed from object_reports through ReportBundleBuilder into a tar.gz;
#   2. ReportBundleWriter alone over the same N rows generated in memory (no database);
#   3. GNU `tar czf` of the very same CSV files already on disk (unpacked from bundle 1).
# Prints time and peak RSS of each and the ratios of 1 to 3. Targets: preparation peak RSS < 200 MB; time <= 2x tar czf.
# Seeding the database is set-up and is not timed.
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

echo "seeding $rows report rows into SQLite (not timed)"
dotnet "$dll" seed "$work/transporter.db" "$rows"
echo "db: $(du -sm "$work"/transporter.db* | awk '{ s += $1 } END { print s }') MB"
sync
echo "preparing the bundle from the database (ReportBundleBuilder)"
/usr/bin/time -v -o "$work/prepare.time" dotnet "$dll" prepare "$work/transporter.db" "$work/prepared.tar.gz"
echo "writing a bundle of $rows generated rows (ReportBundleWriter alone)"
/usr/bin/time -v -o "$work/writer.time" dotnet "$dll" write "$rows" "$work/written.tar.gz"
mkdir "$work/csv"
tar xzf "$work/prepared.tar.gz" -C "$work/csv"
csv_mb=$(du -sm "$work/csv" | cut -f1)
echo "the same CSVs on disk: ${csv_mb} MB; tar czf of them"
sync
/usr/bin/time -v -o "$work/tar.time" tar czf "$work/peer.tar.gz" -C "$work/csv" summary.csv successful-transfers.csv failed-transfers.csv

p_s=$(seconds "$work/prepare.time"); w_s=$(seconds "$work/writer.time"); t_s=$(seconds "$work/tar.time")
p_rss=$(rss_mb "$work/prepare.time"); w_rss=$(rss_mb "$work/writer.time"); t_rss=$(rss_mb "$work/tar.time")
p_size=$(stat -c %s "$work/prepared.tar.gz"); w_size=$(stat -c %s "$work/written.tar.gz"); t_size=$(stat -c %s "$work/peer.tar.gz")
printf '%-34s %10s %14s %14s\n' "" "seconds" "peak RSS MB" "archive bytes"
printf '%-34s %10s %14s %14s\n' "preparation (SQLite -> bundle)" "$p_s" "$p_rss" "$p_size"
printf '%-34s %10s %14s %14s\n' "ReportBundleWriter (no database)" "$w_s" "$w_rss" "$w_size"
printf '%-34s %10s %14s %14s\n' "tar czf (CSVs on disk)" "$t_s" "$t_rss" "$t_size"
awk -v p="$p_s" -v w="$w_s" -v t="$t_s" -v r="$p_rss" -v ps="$p_size" -v ts="$t_size" 'BEGIN {
  ratio = p / t
  printf "time ratio preparation/tar: %.2f (target <= 2.00) %s\n", ratio, (ratio <= 2 ? "OK" : "MISSED")
  printf "preparation peak RSS: %.1f MB (target < 200) %s\n", r, (r < 200 ? "OK" : "MISSED")
  printf "time ratio writer alone/tar: %.2f\n", w / t
  printf "size ratio preparation/tar: %.2f\n", ps / ts
}'
