#!/usr/bin/env bash
# Serves FreelanceHub as in production (gunicorn, 2 workers, DEBUG off, PostgreSQL, Redis) on a
# free loopback port and measures every page a reader lands on with wrk, as a visitor, as a visitor
# whose pages are rendered, with every cache off, and as a signed-in member, next to a bare Django
# view of the same size: the ceiling. See bench/README.md.
#
#   make bench                      # or bench/run.sh
#   BENCH_DURATION=30s make bench   # longer runs
#
# Needs PostgreSQL and Redis on 127.0.0.1 (trust, or a password in BENCH_SERVER_URL) and wrk
# (apt-get install wrk). The first run creates the database `freelancehub_bench` and fills it with
# `manage.py seed_bench` (a few minutes) and `manage.py seed_bench_events`; later runs reuse it.
# Drop it to start again:
#   psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE freelancehub_bench'
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
LOG=bench/results/run-$(date -u +%Y%m%dT%H%M%SZ).txt
exec > >(tee "$LOG") 2>&1

PY=.venv/bin/python
DB_NAME=${BENCH_DB_NAME:-freelancehub_bench}
SERVER_URL=${BENCH_SERVER_URL:-postgres://postgres@127.0.0.1:5432}
DURATION=${BENCH_DURATION:-10s}
LATENCY_DURATION=${BENCH_LATENCY_DURATION:-5s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
SEED_ARGS=${BENCH_SEED_ARGS:---users 2000 --topics 20000 --posts 200000}
BENCH_EMAIL=bench-00001@bench.example
BENCH_PASSWORD=bench-freelancehub

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 1; }

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
# The same code with every cache off (PAGE_CACHE_SECONDS=0: no visitors' pages, no shared
# fragments), for the "uncached" persona: what a forum that caches nothing serves.
UNCACHED_PORT=$(free_port)
UNCACHED_BASE=http://127.0.0.1:$UNCACHED_PORT
WORK=$(mktemp -d)

# Production settings, except plain http on the loopback and the ceiling's route.
export DATABASE_URL=$SERVER_URL/$DB_NAME
export DEBUG=0
export SECRET_KEY=bench-only-secret-key-0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL=$BASE
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/1}
export SECURE_SSL_REDIRECT=0
export SECURE_HSTS_SECONDS=0
export BENCH_CEILING=1
export LOG_LEVEL=WARNING

GUNICORN_PIDS=()
cleanup() {
    for pid in "${GUNICORN_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid"
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== Database $DB_NAME"
if [[ -z $(psql "$SERVER_URL/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ]]; then
    psql "$SERVER_URL/postgres" -qc "CREATE DATABASE $DB_NAME"
fi
"$PY" manage.py migrate --no-input -v0
BENCH_MEMBERS=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM members_member WHERE username LIKE 'bench-%'")
if [[ $BENCH_MEMBERS == 0 ]]; then
    echo "== seed_bench $SEED_ARGS"
    start=$EPOCHREALTIME
    # shellcheck disable=SC2086  # the arguments are words on purpose
    "$PY" manage.py seed_bench $SEED_ARGS
    echo "seed_bench took $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
fi
# Boards seeded before the events existed get them now.
if [[ $(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM events_event") == 0 ]]; then
    "$PY" manage.py seed_bench_events
fi
psql "$DATABASE_URL" -tAc "SELECT 'Board: ' || (SELECT count(*) FROM members_member) || ' members, '
    || (SELECT count(*) FROM forums_topic) || ' topics, ' || (SELECT count(*) FROM forums_post) || ' posts, '
    || (SELECT count(*) FROM events_event) || ' events'"
"$PY" manage.py collectstatic --no-input -v0

echo "== gunicorn on $BASE, and with every cache off on $UNCACHED_BASE"
.venv/bin/gunicorn freelancehub.wsgi --workers 2 --bind "127.0.0.1:$PORT" --no-control-socket \
    --error-logfile "$WORK/gunicorn.log" --log-level warning &
GUNICORN_PIDS+=($!)
PAGE_CACHE_SECONDS=0 .venv/bin/gunicorn freelancehub.wsgi --workers 2 --no-control-socket \
    --bind "127.0.0.1:$UNCACHED_PORT" --error-logfile "$WORK/gunicorn-uncached.log" \
    --log-level warning &
GUNICORN_PIDS+=($!)
for base in "$BASE" "$UNCACHED_BASE"; do
    for _ in $(seq 1 100); do
        curl -sf "$base/healthz" >/dev/null && break
        sleep 0.2
    done
    curl -sf "$base/healthz" >/dev/null || { cat "$WORK"/gunicorn*.log; exit 1; }
done

# The pages: the long topic's first and last pages, a deep page of the biggest board, the profile
# of a member who organises events (seed_bench_events), the busiest public event to come.
read -r LONG_TOPIC LONG_LAST_PAGE EVENT < <("$PY" manage.py shell -v0 -c "
from events.models import Event
from forums.models import Topic
topic = Topic.objects.order_by('-last_post_number', 'pk').first()
event = (Event.objects.upcoming().filter(visibility='public')
         .order_by('-seats_taken', 'starts_at', 'pk').first())
print(topic.get_absolute_url(), topic.page_count, event.get_absolute_url())")
# BENCH_PAGES and BENCH_PERSONAS narrow a run to some pages and personas (all by default).
read -r -a NAMES <<<"${BENCH_PAGES:-home index category-p1 category-p50 topic-p1 topic-last search profile members events event}"
declare -A PATHS=(
    [home]=/
    [index]=/forums/
    [category-p1]=/forums/c/tarifs-devis/
    [category-p50]=/forums/c/tarifs-devis/?page=50
    [topic-p1]=$LONG_TOPIC
    [topic-last]="$LONG_TOPIC?page=$LONG_LAST_PAGE"
    [search]=/forums/search/?q=tarif
    [profile]=/members/bench-00002/
    [members]=/members/
    [events]=/events/
    [event]=$EVENT
)
# The pages the visitors' page cache serves (core/pagecache.py); the others are rendered for
# every request, a visitor's too.
declare -A PAGE_CACHED=([index]=1 [category-p1]=1 [category-p50]=1 [topic-p1]=1 [topic-last]=1 [search]=1)

echo "== Signing in as $BENCH_EMAIL"
# Cookies are Secure in production: carried by hand, since curl keeps Secure cookies off http.
curl -s -D "$WORK/login-get.headers" -o "$WORK/login.html" "$BASE/accounts/login/"
CSRF_COOKIE=$(grep -oiP '^set-cookie: csrftoken=\K[^;]+' "$WORK/login-get.headers")
CSRF_FIELD=$(grep -oP 'name="csrfmiddlewaretoken" value="\K[^"]+' "$WORK/login.html" | head -1)
curl -s -o /dev/null -D "$WORK/login-post.headers" -H "Cookie: csrftoken=$CSRF_COOKIE" \
    -H "Referer: $BASE/accounts/login/" \
    --data-urlencode "csrfmiddlewaretoken=$CSRF_FIELD" --data-urlencode "login=$BENCH_EMAIL" \
    --data-urlencode "password=$BENCH_PASSWORD" "$BASE/accounts/login/"
SESSION=$(grep -oiP '^set-cookie: sessionid=\K[^;]+' "$WORK/login-post.headers" || true)
[[ -n $SESSION ]] || { echo "Sign-in failed:"; cat "$WORK/login-post.headers"; exit 1; }
MEMBER_COOKIE="sessionid=$SESSION"
curl -s -H "Cookie: $MEMBER_COOKIE" "$BASE/forums/" | grep -q '/accounts/logout/' \
    || { echo "The session cookie does not sign in"; exit 1; }

# One wrk run → "rps p50 p99" (latencies in ms); any non-2xx answer stops the bench.
measure() {
    local url=$1 cookie=$2 connections=$3 duration=$4 output
    local args=(-t"$THREADS" -c"$connections" -d"$duration" --timeout 10s --latency)
    [[ -n $cookie ]] && args+=(-H "Cookie: $cookie")
    curl -s -o /dev/null ${cookie:+-H "Cookie: $cookie"} "$url"  # waits for the previous run
    output=$(wrk "${args[@]}" "$url")
    if grep -q "Non-2xx" <<<"$output" || grep -q "^ *0 requests" <<<"$output"; then
        echo "Failed run on $url:" >&2
        echo "$output" >&2
        return 1
    fi
    grep "Socket errors" <<<"$output" >&2 || true
    awk '
        function ms(value) {
            if (value ~ /us$/) return substr(value, 1, length(value) - 2) / 1000
            if (value ~ /ms$/) return substr(value, 1, length(value) - 2) + 0
            if (value ~ /s$/) return substr(value, 1, length(value) - 1) * 1000
            return value
        }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        $1 == "Requests/sec:" { rps = $2 }
        END { printf "%.0f %.1f %.1f\n", rps, p50, p99 }
    ' <<<"$output"
}

# Each page twice: with CONNECTIONS connections (4 per worker: requests queue, this is the
# throughput), then with one connection per worker (nothing queues: the latency of one answer).
echo "== Measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, then -c2 -d$LATENCY_DURATION"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
ROWS=()
# "visitor" reads the pages as any visitor does, from the page cache once the first request
# has stored them; "rendered" is a visitor whose every request is rendered: a parameter that the
# page cache does not know (core/pagecache.py) keeps it from storing or serving a copy (the
# shared fragments stay cached); "uncached" is a visitor of the server with every cache off.
for persona in ${BENCH_PERSONAS:-visitor rendered uncached member}; do
    cookie=
    [[ $persona == member ]] && cookie=$MEMBER_COOKIE
    base=$BASE
    [[ $persona == uncached ]] && base=$UNCACHED_BASE
    total=0
    for name in "${NAMES[@]}" ceiling; do
        if [[ $name == ceiling ]]; then
            # The ceiling answers as many bytes as the persona's average page.
            path="/bench/ceiling/?bytes=$((total / ${#NAMES[@]}))"
        else
            path=${PATHS[$name]}
            if [[ $persona == rendered && -n ${PAGE_CACHED[$name]:-} ]]; then
                [[ $path == *\?* ]] && path+="&rendered=1" || path+="?rendered=1"
            fi
        fi
        url=$base$path
        read -r status size < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' \
            ${cookie:+-H "Cookie: $cookie"} "$url")
        [[ $status == 200 ]] || { echo "$url answered $status" >&2; exit 1; }
        total=$((total + size))
        result=$(measure "$url" "$cookie" "$CONNECTIONS" "$DURATION")
        read -r rps p50 p99 <<<"$result"
        result=$(measure "$url" "$cookie" 2 "$LATENCY_DURATION")
        read -r _ alone50 alone99 <<<"$result"
        ROWS+=("$persona|$name|$path|$size|$rps|$p50|$p99|$alone50|$alone99")
        echo "  $persona $name: $rps req/s, p50 $p50 ms, p99 $p99 ms; alone p50 $alone50 ms," \
            "p99 $alone99 ms ($size bytes)"
    done
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "| Persona | Page | Bytes | Requests/s | p50 | p99 | p50 alone | p99 alone | Share of the ceiling |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
for row in "${ROWS[@]}"; do
    IFS='|' read -r persona name path size rps p50 p99 alone50 alone99 <<<"$row"
    ceiling=$(printf '%s\n' "${ROWS[@]}" | awk -F'|' -v p="$persona" '$1 == p && $2 == "ceiling" { print $5 }')
    share=$(awk -v r="$rps" -v c="$ceiling" 'BEGIN { printf "%.0f %%", c ? 100 * r / c : 0 }')
    echo "| $persona | $name \`$path\` | $size | $rps | $p50 ms | $p99 ms | $alone50 ms | $alone99 ms | $share |"
done
echo
echo "Saved in $LOG."
echo "Machine: $(nproc) cores, $(free -h | awk '/^Mem:/ { print $2 }') memory, $(date -u '+%Y-%m-%d %H:%M UTC')"
