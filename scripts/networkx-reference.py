#!/usr/bin/env python3
"""
Reference values from NetworkX (an independent implementation) for the
analytics tests: PageRank (plain, weighted, personalised), exact betweenness
(hops and distances; normalised and not), Burt's constraint and effective
size (unweighted and weighted).

    python3 scripts/networkx-reference.py > tests/fixtures/analytics/networkx-reference.json

The tests read the JSON, so CI needs no Python. PageRank is run to tol=1e-13
(NetworkX stops when the summed change is below N x tol) so the values are the
fixed point to ~1e-12, not NetworkX's default 1e-6 approximation.
"""
import json
import math
import random
import sys

import networkx as nx


def literal_graph():
    g = nx.Graph()
    # Two triangles bridged by c-d, plus a pendant: c and d are the brokers.
    edges = [("a", "b", 3), ("a", "c", 2), ("b", "c", 5), ("c", "d", 1), ("d", "e", 4), ("d", "f", 2), ("e", "f", 6), ("f", "g", 1)]
    for u, v, w in edges:
        g.add_edge(u, v, weight=w)
    return g


def random_weighted(n, p, seed, directed):
    rng = random.Random(seed)
    g = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    g = nx.relabel_nodes(g, {i: f"n{i}" for i in g.nodes})
    for u, v in g.edges:
        g[u][v]["weight"] = round(rng.uniform(1, 100), 3)
    return g


def with_distances(g):
    # A strong tie is a short distance: -ln(strength / 101) for strengths in (0, 100].
    for u, v, d in g.edges(data=True):
        d["distance"] = -math.log(d.get("weight", 1) / 101.0)
    return g


def stringify(g):
    return nx.relabel_nodes(g, {n: str(n) for n in g.nodes})


def clean(values):
    return {str(k): (None if isinstance(v, float) and math.isnan(v) else v) for k, v in values.items()}


def describe(name, g):
    g = with_distances(stringify(g))
    nodes = list(g.nodes)
    source = nodes[0]
    out = {
        "name": name,
        "directed": g.is_directed(),
        "nodes": nodes,
        "edges": [[u, v, d.get("weight", 1), d["distance"]] for u, v, d in g.edges(data=True)],
        "pagerankSource": source,
        "pagerank": nx.pagerank(g, alpha=0.85, weight=None, tol=1e-13, max_iter=100000),
        "pagerankWeighted": nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-13, max_iter=100000),
        "pagerankPersonalized": nx.pagerank(g, alpha=0.85, weight="weight", personalization={source: 1}, tol=1e-13, max_iter=100000),
        "betweenness": nx.betweenness_centrality(g, normalized=True),
        "betweennessRaw": nx.betweenness_centrality(g, normalized=False),
        "betweennessDistance": nx.betweenness_centrality(g, normalized=True, weight="distance"),
    }
    if not g.is_directed():
        # `nodes=` selects NetworkX's per-node (definitional) code. Its vectorised
        # path, taken when nodes is None and scipy is installed, divides the
        # weighted effective size's m_jq by q's largest tie instead of j's
        # (NetworkX 3.6: `mutual_weights2 /= ....max(axis=1).toarray()` broadcasts
        # over columns), which is not Burt's measure; unweighted values agree.
        out["constraint"] = clean(nx.constraint(g, nodes=nodes))
        out["constraintWeighted"] = clean(nx.constraint(g, nodes=nodes, weight="weight"))
        out["effectiveSize"] = clean(nx.effective_size(g, nodes=nodes))
        out["effectiveSizeWeighted"] = clean(nx.effective_size(g, nodes=nodes, weight="weight"))
    return out


def main():
    graphs = [
        ("literal", literal_graph()),
        ("karate", nx.karate_club_graph()),
        ("florentine", nx.florentine_families_graph()),
        ("les-miserables", nx.les_miserables_graph()),
        ("random-undirected", random_weighted(60, 0.08, 7, directed=False)),
        ("random-directed", random_weighted(50, 0.06, 11, directed=True)),
    ]
    doc = {
        "generator": "scripts/networkx-reference.py",
        "networkx": nx.__version__,
        "graphs": [describe(name, g) for name, g in graphs],
    }
    json.dump(doc, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
