#!/usr/bin/env python3
"""Lists import cycles between Java packages of the main sources (a check for CONTRIBUTING.md's
"no import cycle between packages"). Exit status 1 when there is one."""
import glob, os, re, sys
from collections import defaultdict

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
edges = defaultdict(set)
classes = {}
for f in glob.glob(os.path.join(root, '*/src/main/java/**/*.java'), recursive=True):
    src = open(f, encoding='utf-8').read()
    pkg = re.search(r'^package ([\w.]+);', src, re.M).group(1)
    classes[pkg + '.' + os.path.basename(f)[:-5]] = pkg
    edges[pkg]
for f in glob.glob(os.path.join(root, '*/src/main/java/**/*.java'), recursive=True):
    src = open(f, encoding='utf-8').read()
    pkg = re.search(r'^package ([\w.]+);', src, re.M).group(1)
    for ref in set(re.findall(r'\b(io\.plantwatch(?:\.\w+)+)', src)):
        parts = ref.split('.')
        for i in range(len(parts), 2, -1):
            name = '.'.join(parts[:i])
            if name in classes:
                if classes[name] != pkg:
                    edges[pkg].add(classes[name])
                break

index, low, stack, on, out, n = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: out.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in list(edges):
    if v not in index: strong(v)
for c in out:
    print('cycle:', ' <-> '.join(c))
print(f'{len(edges)} packages, {len(out)} cycles')
sys.exit(1 if out else 0)
