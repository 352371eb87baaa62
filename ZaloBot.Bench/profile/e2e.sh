#!/usr/bin/env bash
# Where the app's CPU goes for replied events (docs/messaging.md, "Where a replied event's CPU goes"). Needs perf and
# python3 (apt-get install linux-perf python3) and a Release build (dotnet cake --target=Build). Runs the harness's
# end-to-end part with Zalo 300 ms away, samples the app for 8 s inside its measured run, and sorts the thread-pool
# samples into categories. Perf's map of JIT-compiled code makes the JIT itself slower, so the tiered-compilation
# thread is left out (it is start-up work that the measured figures do not include).
# Usage: ZaloBot.Bench/profile/e2e.sh [latency in ms, default 300]
set -euo pipefail
cd "$(dirname "$0")/../.."
latency="${1:-300}"
work="$(mktemp -d)"
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0   # JIT-compiled frames get their names in perf
dotnet ZaloBot.Bench/bin/Release/net10.0/ZaloBot.Bench.dll --app ZaloBot/bin/Release/net10.0/ZaloBot.dll --only e2e \
  --latency "$latency" > "$work/bench.log" 2>&1 &
bench=$!
for _ in $(seq 1 240); do   # the measured run starts once the harness says the app is warmed up
  sleep 0.5
  grep -q "warmed up" "$work/bench.log" && break
done
app="$(pgrep -P "$bench" -f "ZaloBot/bin/Release/net10.0/ZaloBot.dll" | head -1)"
[ -n "$app" ] || { echo "the app is not running; see $work/bench.log" >&2; exit 1; }
sleep 3
perf record -q -F 999 -g -p "$app" -o "$work/perf.data" -- sleep 8
wait "$bench" || true
perf script -i "$work/perf.data" -F comm,tid,ip,sym,dso 2> /dev/null > "$work/stacks.txt"
# First matching category wins, from the most specific (a system call, a named component) to the least.
python3 ZaloBot.Bench/profile/categorize.py "$work/stacks.txt" "ASP.NET Core, Kestrel, JSON, async machinery (other)" \
  --thread ".NET TP Worker" \
  "idle thread-pool threads spinning=sched_yield|LowLevelLifoSemaphore" \
  "fsync of durable commits, and the disk writes it starts=fsync|iowrite16" \
  "context switches and wake-ups=finish_task_switch|try_to_wake_up|_raw_spin_unlock_irqrestore|futex" \
  "the guides reading the text (GuideRouter)=GuideRouter|EditDistance" \
  "the Zalo client (HttpClient, resilience pipeline)=ZaloClient|System\\.Net\\.Http|Polly|Http\\.Resilience" \
  "SQLite (parsing, B-trees, page reads)=libe_sqlite3|pread|pwrite" \
  "socket I/O (webhooks, Zalo calls)=__send|__libc_recv|epoll_wait|sendmsg|recvmsg|sendto|recvfrom" \
  "garbage collection=gc_heap|GCHeap"
grep -E "e2e at|CPU per" "$work/bench.log" || true
echo "perf data and the harness's log: $work"
