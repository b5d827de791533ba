#!/usr/bin/env bash
# Full reindex time: `academy reindex` over generated programmes and courses
# in the embedded database (FerretDB on SQLite, the only MongoDB-wire server
# here), into the embedded Bleve index and into Meilisearch 1.21.0.
#
# For each size: a fresh data directory, `academy seed` (skills,
# institutions, the seed items), then loadgen inserts the generated
# institutions, programmes and courses straight into the catalogue's
# collections in their stored shape, published and waiting for the index;
# then each backend is reindexed from that database. The same documents are
# also loaded straight into each backend, without the database, to show what
# the index itself costs.
#
# Usage: scripts/bench-reindex.sh
#   SIZES="250 500" BACKENDS="bleve meili" BIN=path/to/academy (optional)
source "$(dirname "$0")/bench-lib.sh"
SIZES=${SIZES:-250 500}
BACKENDS=${BACKENDS:-bleve meili}

header "reindex: $SIZES generated programmes and courses in the embedded database, backends: $BACKENDS"
build
for backend in $BACKENDS; do
  [ "$backend" = meili ] && start_meili
done

# reindex SIZE NAME [VAR=value...] runs `academy reindex` and records the time
# it reports and the process's wall time (which adds opening the database).
reindex() {
  local size=$1 name=$2 t0 t1
  shift 2
  echo "-- $size, $name: academy reindex ($(load))"
  t0=$(date +%s%N)
  env "$@" "$BIN" reindex 2>"$work/reindex.log" | tee "$work/reindex.out" || { tail -n 20 "$work/reindex.log" >&2; exit 1; }
  t1=$(date +%s%N)
  echo "$size $name reindex $(sed -n 's/.* in \(.*\)$/\1/p' "$work/reindex.out") $(( (t1 - t0) / 1000000 ))ms" >>"$work/results"
  echo "-- $size, $name: done ($(load))"
}

# direct SIZE NAME FLAGS... loads SIZE documents straight into a backend and records the time.
direct() {
  local size=$1 name=$2 out
  shift 2
  out=$("$LOADGEN" index --docs "$size" "$@" 2>/dev/null)
  echo "$out"
  echo "$size $name direct $(echo "$out" | sed -n 's/.* in \([^ ]*\) (.*/\1/p') -" >>"$work/results"
}

for size in $SIZES; do
  export ACADEMY_DATA_DIR=$work/data-$size ACADEMY_LOG_FORMAT=json
  "$BIN" seed >"$work/seed.log" 2>&1 || { tail -n 20 "$work/seed.log" >&2; exit 1; }
  "$LOADGEN" catalog --data-dir "$ACADEMY_DATA_DIR" --docs "$size" 2>/dev/null
  for backend in $BACKENDS; do
    case $backend in
    bleve)
      reindex "$size" bleve
      direct "$size" bleve --bleve-dir "$work/direct-$size/search" --batch 1000
      ;;
    meili)
      reindex "$size" meilisearch ACADEMY_MEILI_URL="$meili_url" ACADEMY_MEILI_KEY="$meili_key" ACADEMY_MEILI_INDEX_PREFIX="reindex${size}_"
      direct "$size" meilisearch --meili-url "$meili_url" --meili-key "$meili_key" --meili-index-prefix "direct${size}_"
      ;;
    *)
      echo "unknown backend $backend (want bleve or meili)" >&2
      exit 2
      ;;
    esac
  done
done

echo
echo "generated documents (+ the seed catalogue's); reindex: the time academy reports; direct: loadgen index of the same documents"
printf '%10s %12s %10s %12s %14s\n' documents backend how time "process wall"
while read -r size name how took wall; do
  printf '%10s %12s %10s %12s %14s\n' "$size" "$name" "$how" "$took" "$wall"
done <"$work/results"
