/**
 * Binary min-heap of (key, node) pairs with lazy deletion
 * =======================================================
 *
 * Dijkstra without decrease-key: push a node again when its distance drops and
 * skip stale entries on pop (Chen et al., "Priority queues and Dijkstra's
 * algorithm", UTCS TR-07-54, 2007, found this the faster variant in practice).
 * Keys live beside the nodes in typed arrays, so sifting touches no other memory.
 */
export class LazyHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;
  /** Key of the entry last popped. */
  key = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.nodes = new Int32Array(Math.max(1, capacity));
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const nodes = this.nodes;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk < key || (pk === key && nodes[parent]! <= node)) break;
      keys[i] = pk;
      nodes[i] = nodes[parent]!;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  /** The node of the smallest entry (its key in `this.key`). */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0]!;
    this.key = keys[0]!;
    const size = --this.size;
    if (size > 0) {
      const key = keys[size]!;
      const node = nodes[size]!;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        const right = child + 1;
        if (
          right < size &&
          (keys[right]! < keys[child]! || (keys[right] === keys[child] && nodes[right]! < nodes[child]!))
        )
          child = right;
        const ck = keys[child]!;
        if (ck > key || (ck === key && nodes[child]! >= node)) break;
        keys[i] = ck;
        nodes[i] = nodes[child]!;
        i = child;
      }
      keys[i] = key;
      nodes[i] = node;
    }
    return top;
  }

  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(this.nodes.length * 2);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
