#!/usr/bin/env bash
# Search latency with a large catalogue: GET /api/v1/search beside the same
# queries sent straight to the backend, in one run, for Meilisearch and for
# the embedded Bleve index.
#
# For each backend: generate DOCS courses and programmes (deterministic) and
# load them straight into the index with the search package, start
# `academy run` on that index, wait until the seed catalogue's own index tasks
# are done, then run the query mix (words, typos, prefixes, French and
# German, facet filters, ranges, sorts, browsing) with loadgen, one query at
# a time, alternating the paths query by query.
#
# Usage: scripts/bench-search.sh
#   DOCS=100000 ROUNDS=20 BACKENDS="meili bleve" BIN=path/to/academy (optional)
source "$(dirname "$0")/bench-lib.sh"
DOCS=${DOCS:-100000}
ROUNDS=${ROUNDS:-20}
BACKENDS=${BACKENDS:-meili bleve}

header "search: $DOCS generated documents, backends: $BACKENDS"
build

for backend in $BACKENDS; do
  case $backend in
  meili)
    start_meili
    prefix=bench_
    echo "-- Meilisearch 1.21.0: loading $DOCS documents"
    "$LOADGEN" index --meili-url "$meili_url" --meili-key "$meili_key" --meili-index-prefix "$prefix" --docs "$DOCS"
    start_academy "$work/meili-academy" academy-meili.log \
      ACADEMY_MEILI_URL="$meili_url" ACADEMY_MEILI_KEY="$meili_key" ACADEMY_MEILI_INDEX_PREFIX="$prefix"
    wait_search_settled
    echo "-- measuring ($(load))"
    "$LOADGEN" search --api "$api" --meili-url "$meili_url" --meili-key "$meili_key" --meili-index-prefix "$prefix" --rounds "$ROUNDS"
    echo "-- done ($(load))"
    stop_started "$academy_pid"
    stop_started "$meili_pid"
    ;;
  bleve)
    data=$work/bleve-academy
    echo "-- Bleve: loading $DOCS documents"
    "$LOADGEN" index --bleve-dir "$data/search" --docs "$DOCS" --batch 1000
    start_academy "$data" academy-bleve.log
    wait_search_settled
    # The index is one process's at a time: measure the backend alone on a
    # copy taken once the seed catalogue is in, so that both see the same documents.
    stop_started "$academy_pid"
    cp -r "$data/search" "$work/bleve-direct"
    start_academy "$data" academy-bleve.log
    echo "-- measuring ($(load))"
    "$LOADGEN" search --api "$api" --bleve-dir "$work/bleve-direct" --rounds "$ROUNDS"
    echo "-- done ($(load))"
    stop_started "$academy_pid"
    ;;
  *)
    echo "unknown backend $backend (want meili or bleve)" >&2
    exit 2
    ;;
  esac
done
