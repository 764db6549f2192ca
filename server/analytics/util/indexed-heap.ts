/**
 * Indexed binary min-heap
 * =======================
 *
 * Node indices keyed by an external Float64Array (the tentative distances), with
 * decrease-key, as Dijkstra needs (Cormen et al., "Introduction to Algorithms",
 * ch. 6 and 24.3). Equal keys pop in index order so runs are deterministic.
 */
/** Binary min-heap of node indices keyed by `dist`, with decrease-key; ties broken by index. */
export class IndexedHeap {
  private readonly heap: Int32Array;
  /** Position in the heap; -1 never pushed, -2 popped (settled). */
  private readonly pos: Int32Array;
  size = 0;
  constructor(
    n: number,
    private readonly key: Float64Array,
  ) {
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n).fill(-1);
  }
  settled(v: number): boolean {
    return this.pos[v] === -2;
  }
  push(v: number): void {
    this.heap[this.size] = v;
    this.pos[v] = this.size;
    this.up(this.size++);
  }
  decrease(v: number): void {
    this.up(this.pos[v]!);
  }
  pop(): number {
    const top = this.heap[0]!;
    const last = this.heap[--this.size]!;
    this.pos[top] = -2;
    if (this.size > 0) {
      this.heap[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }
  reset(nodes: Int32Array, count: number): void {
    for (let c = 0; c < count; c++) this.pos[nodes[c]!] = -1;
    this.size = 0;
  }
  private less(a: number, b: number): boolean {
    const ka = this.key[a]!;
    const kb = this.key[b]!;
    return ka < kb || (ka === kb && a < b);
  }
  private up(i: number): void {
    const h = this.heap;
    const v = h[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (!this.less(v, p)) break;
      h[i] = p;
      this.pos[p] = i;
      i = parent;
    }
    h[i] = v;
    this.pos[v] = i;
  }
  private down(i: number): void {
    const h = this.heap;
    const v = h[i]!;
    const size = this.size;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && this.less(h[child + 1]!, h[child]!)) child++;
      const c = h[child]!;
      if (!this.less(c, v)) break;
      h[i] = c;
      this.pos[c] = i;
      i = child;
    }
    h[i] = v;
    this.pos[v] = i;
  }
}
