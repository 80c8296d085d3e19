#!/usr/bin/env python3
"""The tables of scripts/latency.sh from its raw measurements (raw-near.tsv, raw-far.tsv) and the API's logs.

Raw lines, tab-separated; counts are the proxy's totals "round trips, connections" before and after:
  start  <first|second>  <ms>  <rt> <conn> before  <rt> <conn> when Kestrel listened ("-" if unseen)  <rt> <conn> healthy
  burst  <status>  <seconds>
  burst_counts  <rt> <conn> before  <rt> <conn> after
  req  <label>  <status>  <seconds>  <rt> <conn> before  <rt> <conn> after
  tls  <text>
"""
import argparse
import re
import statistics
from collections import Counter, OrderedDict


def read_raw(path):
    run = {"start": {}, "burst": [], "burst_counts": None, "req": OrderedDict(), "tls": []}
    with open(path) as raw:
        for line in raw:
            f = line.rstrip("\n").split("\t")
            if f[0] == "start":
                run["start"][f[1]] = f[2:]
            elif f[0] == "burst":
                run["burst"].append((f[1], float(f[2]) * 1000))
            elif f[0] == "burst_counts":
                run["burst_counts"] = [int(x) for x in f[1:]]
            elif f[0] == "req":
                rt0, c0, rt1, c1 = (int(x) for x in f[4:8])
                run["req"].setdefault(f[1], []).append((f[2], float(f[3]) * 1000, rt1 - rt0, c1 - c0))
            elif f[0] == "tls":
                run["tls"].append(f[1])
    return run


def ms(value):
    return f"{value:.1f}"


def spread(values):
    """One number when every request agrees, else the median and the range."""
    low, high = min(values), max(values)
    if low == high:
        return str(low)
    median = statistics.median(values)
    return f"{median:g} ({low}–{high})"


def connections(values):
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high} ({sum(values)} in {len(values)})"


def statuses(codes):
    counts = Counter(codes)
    if len(counts) == 1:
        return next(iter(counts))
    return ", ".join(f"{code} ×{n}" for code, n in sorted(counts.items()))


def with_near(far_text, near_text):
    return far_text if far_text == near_text else f"{far_text} (near {near_text})"


def startup_row(near, far, kind, title):
    """The counts from the process start until /health first answered 200, and until Kestrel listened."""
    def counts(run):
        total_ms, rt0, c0, rtl, cl, rt1, c1 = run["start"][kind]
        listened = ("-", "-") if rtl == "-" else (str(int(rtl) - int(rt0)), str(int(cl) - int(c0)))
        return str(int(rt1) - int(rt0)), listened[0], str(int(c1) - int(c0)), listened[1], total_ms
    n, f = counts(near), counts(far)
    cells = [with_near(f[i], n[i]) for i in range(4)]
    return f"| {title} | {' | '.join(cells)} | {n[4]} | {f[4]} |"


def burst_row(near, far):
    def summary(run):
        latencies = sorted(latency for _, latency in run["burst"])
        rt0, c0, rt1, c1 = run["burst_counts"]
        return latencies, str(rt1 - rt0), str(c1 - c0), statuses([code for code, _ in run["burst"]])
    near_ms, near_rt, near_conn, near_status = summary(near)
    far_ms, far_rt, far_conn, far_status = summary(far)
    return (f"| {len(far_ms)} concurrent GET list | {with_near(far_status, near_status)} | {with_near(far_rt, near_rt)} | "
            f"{with_near(far_conn, near_conn)} | {ms(statistics.median(near_ms))} | {ms(statistics.median(far_ms))} | "
            f"{ms(far_ms[-1])} | {', '.join(f'{x:.0f}' for x in far_ms)} |")


def log_entries(paths):
    """(level, category, first message line) -> count, over the given console logs (simple format)."""
    entries = Counter()
    for path in paths:
        try:
            lines = open(path, errors="replace").read().splitlines()
        except FileNotFoundError:
            continue
        for i, line in enumerate(lines):
            match = re.match(r"^(warn|fail|crit): (\S+)", line)
            if match:
                message = lines[i + 1].strip() if i + 1 < len(lines) else ""
                message = re.sub(r"\d+(\.\d+)?ms", "N ms", message)  # one entry for "after 1503.18ms", "after 1496.67ms"
                entries[(match.group(1), match.group(2), message[:160])] += 1
    return entries


def log_line(entries):
    levels = Counter()
    for (level, _, _), n in entries.items():
        levels[level] += n
    return ", ".join(f"{level} {levels[level]}" for level in ("warn", "fail", "crit"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--near", required=True)
    parser.add_argument("--far", required=True)
    parser.add_argument("--one-way-ms", required=True)
    parser.add_argument("--near-logs", nargs="*", default=[])
    parser.add_argument("--far-logs", nargs="*", default=[])
    args = parser.parse_args()
    near, far = read_raw(args.near), read_raw(args.far)
    one_way = float(args.one_way_ms)

    print(f"| request | status | round trips | connections | near median ms | far median ms | far max ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, far_rows in far["req"].items():
        near_rows = near["req"].get(label, [])
        far_status = statuses([row[0] for row in far_rows])
        near_status = statuses([row[0] for row in near_rows]) if near_rows else "-"
        far_rt = spread([row[2] for row in far_rows])
        near_rt = spread([row[2] for row in near_rows]) if near_rows else "-"
        far_conn = connections([row[3] for row in far_rows])
        near_conn = connections([row[3] for row in near_rows]) if near_rows else "-"
        near_median = ms(statistics.median(row[1] for row in near_rows)) if near_rows else "-"
        far_latencies = [row[1] for row in far_rows]
        print(f"| {label} | {with_near(far_status, near_status)} | {with_near(far_rt, near_rt)} | "
              f"{with_near(far_conn, near_conn)} | {near_median} | {ms(statistics.median(far_latencies))} | "
              f"{ms(max(far_latencies))} |")
    print()
    print(f"Far: {one_way:g} ms one way ({2 * one_way:g} ms a round trip); near: the same proxy with 0 ms. Round trips,")
    print("connections and status are the far run's, with near's in brackets where they differ; per request in the")
    print("first table, totals in the two below (until /health first answered 200; of the whole burst).")
    print()
    print("| start to healthy /health | round trips | of them before Kestrel listened | connections | of them before Kestrel listened | near ms | far ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(startup_row(near, far, "first", "first start (applies the migrations)"))
    print(startup_row(near, far, "second", "second start (schema current)"))
    print()
    print("| cold burst, right after the second start | status | round trips | connections | near median ms | far median ms | far max ms | far, each ms |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    print(burst_row(near, far))
    print()
    near_log, far_log = log_entries(args.near_logs), log_entries(args.far_logs)
    print(f"- API log lines: near {log_line(near_log)}; far {log_line(far_log)}")
    for (level, category, message), n in sorted(far_log.items(), key=lambda item: -item[1]):
        print(f"  - far, {n}× {level}: {category}: {message}")
    for text in far["tls"]:
        print(f"- {text}")


if __name__ == "__main__":
    main()
