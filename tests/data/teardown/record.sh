#!/bin/sh
# How the recordings beside this script were made (Debian 12, heaptrack 1.4.0): programs that free
# what they hold as they exit, the common case the teardown-aware default B is for.
set -e
cd "$(dirname "$0")"
g++ -std=c++20 -g -O1 -o /tmp/ingest ingest.cpp
g++ -std=c++20 -g -O1 -o /tmp/batches batches.cpp
heaptrack -o heaptrack.ingest /tmp/ingest
heaptrack -o heaptrack.batches /tmp/batches
# PYTHONMALLOC=malloc: without it pymalloc's arenas hide Python's objects from heaptrack.
PYTHONMALLOC=malloc heaptrack -o heaptrack.teardown_py /usr/bin/python3 teardown.py
