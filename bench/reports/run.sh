#!/usr/bin/env bash
# Report bundle benchmark, in one run on this machine:
#   1. the preparation path (what POST /reports/prepare runs): N report rows (default 1,000,000) of a finished run in a
#      SQLite database streamed from object_reports through ReportBundleBuilder into a tar.gz;
#   2. GNU `tar czf` of the very same CSV files already on disk (unpacked from bundle 1);
#   3. for reference, ReportBundleWriter alone over the same N rows generated in memory (no database).
# The machine may be shared: 1 and 2 run as three back-to-back pairs and the median pair ratio is reported, with the
# highest peak RSS of the preparations. Targets: preparation peak RSS < 200 MB; time <= 2x tar czf.
# Seeding the database is set-up and is not timed. Usage: bench/reports/run.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
pairs=3
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
# The CSVs tar compresses: exactly what the preparation writes.
dotnet "$dll" prepare "$work/transporter.db" "$work/first.tar.gz" >/dev/null
mkdir "$work/csv"
tar xzf "$work/first.tar.gz" -C "$work/csv"
echo "the same CSVs on disk: $(du -sm "$work/csv" | cut -f1) MB"

printf '%-6s %22s %22s %8s\n' "pair" "preparation s (RSS MB)" "tar czf s (RSS MB)" "ratio"
ratios=(); max_rss=0
for i in $(seq 1 $pairs); do
  sync
  /usr/bin/time -v -o "$work/prepare.time" dotnet "$dll" prepare "$work/transporter.db" "$work/prepared.tar.gz" >/dev/null
  sync
  /usr/bin/time -v -o "$work/tar.time" tar czf "$work/peer.tar.gz" -C "$work/csv" summary.csv successful-transfers.csv failed-transfers.csv
  p_s=$(seconds "$work/prepare.time"); t_s=$(seconds "$work/tar.time"); p_rss=$(rss_mb "$work/prepare.time"); t_rss=$(rss_mb "$work/tar.time")
  ratio=$(awk -v p="$p_s" -v t="$t_s" 'BEGIN { printf "%.2f", p / t }')
  ratios+=("$ratio")
  max_rss=$(awk -v a="$max_rss" -v b="$p_rss" 'BEGIN { print (b > a ? b : a) }')
  printf '%-6s %22s %22s %8s\n' "$i" "$p_s ($p_rss)" "$t_s ($t_rss)" "$ratio"
done
/usr/bin/time -v -o "$work/writer.time" dotnet "$dll" write "$rows" "$work/written.tar.gz" >/dev/null
echo "ReportBundleWriter alone (no database): $(seconds "$work/writer.time") s, peak RSS $(rss_mb "$work/writer.time") MB"
echo "archives: preparation $(stat -c %s "$work/prepared.tar.gz") bytes, tar czf $(stat -c %s "$work/peer.tar.gz") bytes"
median=$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n "$(( (pairs + 1) / 2 ))p")
awk -v m="$median" -v r="$max_rss" 'BEGIN {
  printf "median time ratio preparation/tar: %.2f (target <= 2.00) %s\n", m, (m <= 2 ? "OK" : "MISSED")
  printf "preparation peak RSS: %.1f MB (target < 200) %s\n", r, (r < 200 ? "OK" : "MISSED")
}'
