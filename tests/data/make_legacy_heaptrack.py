#!/usr/bin/env python3
"""Rewrites a heaptrack data file (file format 2 or 3) in the older file formats 1 and 0.

heaptrack only writes format 3 today; files in formats 0 and 1 are what old recordings look like.
The rewritten files carry exactly the events of the original, so the reference figures of the
original (MANIFEST.md) hold for them too:
  format 1: strings unsized, instruction pointers without inlined frames
  format 0: no allocation infos; "+ size trace pointer" and "- pointer", pointers made up here
            (a free of info i frees the most recent live pointer of info i).
usage: make_legacy_heaptrack.py INPUT(plain text) VERSION(0|1) > OUTPUT
"""
import sys

def main():
    src, version = sys.argv[1], int(sys.argv[2])
    out = sys.stdout.buffer
    file_version = None
    infos = []          # index -> (size, trace)
    live = {}           # info -> [pointers]
    next_pointer = 0x1000
    with open(src, 'rb') as f:
        for raw in f:
            line = raw.rstrip(b'\n')
            mode = line[:1]
            if mode == b'v':
                parts = line.split(b' ')
                file_version = int(parts[2], 16) if len(parts) > 2 else 0
                out.write(b'v 10000\n' if version == 0 else b'v 10100 1\n')
                continue
            if mode == b's' and file_version is not None and file_version >= 3:
                length_end = line.index(b' ', 2)
                length = int(line[2:length_end], 16)
                text = line[length_end + 1:length_end + 1 + length]
                out.write(b's ' + text + b'\n')
                continue
            if mode == b'i':
                fields = line.split(b' ')
                # i ip module [fn file line] [inlined...]: keep the first frame only
                out.write(b' '.join(fields[:5]) + b'\n')
                continue
            if version == 0 and mode == b'a':
                parts = line.split(b' ')
                infos.append((parts[1], parts[2]))
                continue
            if version == 0 and mode == b'+':
                info = int(line[2:], 16)
                size, trace = infos[info]
                pointer = next_pointer
                next_pointer += 0x10
                live.setdefault(info, []).append(pointer)
                out.write(b'+ ' + size + b' ' + trace + b' ' + format(pointer, 'x').encode() + b'\n')
                continue
            if version == 0 and mode == b'-':
                info = int(line[2:], 16)
                pointer = live[info].pop()
                out.write(b'- ' + format(pointer, 'x').encode() + b'\n')
                continue
            out.write(line + b'\n')

main()
