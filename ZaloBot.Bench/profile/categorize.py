#!/usr/bin/env python3
"""Sorts the samples of `perf script -F comm,tid,ip,sym,dso` into categories and prints each one's share.

Usage: categorize.py STACKS OTHER [--thread PREFIX] NAME=REGEX...
A sample goes to the first category whose regular expression matches anywhere in its stack, else to OTHER. With
--thread, only the samples of threads whose name starts with PREFIX are counted.
"""
import collections
import re
import sys

stacks, other, *args = sys.argv[1:]
thread = None
if args[:1] == ["--thread"]:
    thread, args = args[1], args[2:]
rules = [rule.split("=", 1) for rule in args]
counts, total = collections.Counter(), 0
for sample in open(stacks).read().split("\n\n"):
    if not sample.strip() or (thread and not sample.lstrip().startswith(thread)):
        continue
    total += 1
    counts[next((name for name, pattern in rules if re.search(pattern, sample)), other)] += 1
for name, count in counts.most_common():
    print(f"{100 * count / max(total, 1):5.1f}%  {name}")
print(f"{total} samples")
