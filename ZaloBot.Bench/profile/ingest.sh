#!/usr/bin/env bash
# Where the app's CPU goes at its maximum webhook rate. Needs perf and python3 (apt-get install
# linux-perf python3) and a Release build (dotnet cake --target=Build). Runs the harness's ingest part, samples the
# app for 5 s in the middle of its closed-loop maximum, and sorts the samples into the categories the README quotes.
# Usage: ZaloBot.Bench/profile/ingest.sh [seconds to sample, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-5}"
work="$(mktemp -d)"
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0   # JIT-compiled frames get their names in perf
dotnet ZaloBot.Bench/bin/Release/net10.0/ZaloBot.Bench.dll --app ZaloBot/bin/Release/net10.0/ZaloBot.dll --only ingest \
  > "$work/bench.log" 2>&1 &
bench=$!
app=""
for _ in $(seq 1 240); do   # the no-op endpoint is measured first; wait for the app's own process
  sleep 0.5
  for pid in $(pgrep -f "ZaloBot/bin/Release/net10.0/ZaloBot.dll" || true); do
    command="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null)" || continue   # gone meanwhile
    [[ "$command" == *ZaloBot.Bench* ]] || app="$pid"
  done
  [ -n "$app" ] && break
done
[ -n "$app" ] || { echo "the app did not start; see $work/bench.log" >&2; exit 1; }
sleep 9   # past start-up and the 3 s warm-up, inside the 10 s maximum
perf record -q -F 1999 -g -p "$app" -o "$work/perf.data" -- sleep "$seconds"
kill "$bench" 2> /dev/null || true
pkill -f "ZaloBot/bin/Release/net10.0/ZaloBot.dll" 2> /dev/null || true
perf script -i "$work/perf.data" -F comm,ip,sym,dso 2> /dev/null > "$work/stacks.txt"
# First matching category wins, from the most specific (a system call, a named component) to the least.
python3 ZaloBot.Bench/profile/categorize.py "$work/stacks.txt" "ASP.NET Core, Kestrel, runtime (other)" \
  "garbage collection=Server GC|gc_heap" \
  "JIT (tiered compilation)=Tiered Com|libclrjit" \
  "fsync of durable commits=fsync" \
  "WAL and database file writes (pwrite)=pwrite" \
  "database file reads (pread)=pread" \
  "idle thread-pool threads spinning=LowLevelLifoSemaphore|sched_yield" \
  "socket I/O (HTTP)=__send|__libc_recv|epoll_wait|sendmsg|recvmsg" \
  "thread wake-ups (futex)=futex" \
  "dispatcher: fetch, handle, commit (managed)=ZaloBot\\.Messaging\\.(Dispatcher|EventRouter|ReceiptHandler)|GetRunnable|MarkDone|OutboxStore" \
  "webhook: storing the event (managed)=InboxStore" \
  "webhook: verify, parse, answer (managed)=WebhookEndpoints" \
  "SQLite (statements, B-trees) from either=libe_sqlite3"
grep -E "max \(" "$work/bench.log" || true
echo "perf data and the harness's log: $work"
