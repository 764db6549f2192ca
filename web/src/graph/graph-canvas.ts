/**
 * The explorer's canvas: sizes it to its box, redraws on the next animation
 * frame when something changed, and turns pointer and keyboard input into
 * zoom, pan, drag, hover and selection (d3-zoom, d3-drag, a quadtree for
 * hit-testing).
 */
import {
  drag,
  quadtree,
  select,
  zoom,
  zoomIdentity,
  type D3DragEvent,
  type Quadtree,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3';
import { GraphRenderer } from './graph-renderer.js';
import type { Scene } from './scene.js';

export interface CanvasEvents {
  select(index: number | null): void;
  hover(index: number | null, clientX: number, clientY: number): void;
  /** A node was dragged to x, y (layout units); null when released. */
  drag(index: number, x: number | null, y: number | null): void;
  drawn(count: number): void;
}

export class GraphCanvas {
  readonly canvas: HTMLCanvasElement;
  private readonly renderer: GraphRenderer;
  private scene: Scene | null = null;
  private transform: ZoomTransform = zoomIdentity;
  private readonly zoomer: ZoomBehavior<HTMLCanvasElement, unknown>;
  private tree: Quadtree<number> | null = null;
  private frame = 0;
  private width = 0;
  private height = 0;
  private readonly resize: ResizeObserver;
  private fitted = false;
  /** A pan or zoom gesture is under way: frames copy the painted network instead of repainting it. */
  private moving = false;
  private keyMoving = false;
  private keyTimer = 0;

  constructor(
    host: HTMLElement,
    private readonly events: CanvasEvents,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'graph-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute(
      'aria-label',
      'Network map. Arrow keys pan, plus and minus zoom, 0 fits the map, Enter opens the person nearest the middle. The table view lists the same people and ties as text.',
    );
    host.append(this.canvas);
    this.renderer = new GraphRenderer(this.canvas);

    this.resize = new ResizeObserver(() => this.measure());
    this.resize.observe(host);

    const canvas = select<HTMLCanvasElement, unknown>(this.canvas);
    // Drag first: when the pointer is on a person it takes the gesture, otherwise zoom pans.
    canvas.call(
      drag<HTMLCanvasElement, unknown, number>()
        .subject((event: D3DragEvent<HTMLCanvasElement, unknown, number>) => {
          const [x, y] = this.transform.invert([event.x, event.y]);
          const i = this.nodeAt(x, y);
          return i ?? (null as unknown as number);
        })
        .on('drag', (event: D3DragEvent<HTMLCanvasElement, unknown, number>) => {
          const [x, y] = this.transform.invert([event.x, event.y]);
          const i = event.subject;
          if (!this.scene) return;
          this.scene.xy[2 * i] = x;
          this.scene.xy[2 * i + 1] = y;
          this.renderer.setPositions(this.scene.xy);
          this.tree = null;
          this.events.drag(i, x, y);
          this.request();
        })
        .on('end', (event: D3DragEvent<HTMLCanvasElement, unknown, number>) => {
          this.events.drag(event.subject, null, null);
        }),
    );
    this.zoomer = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.02, 12])
      .on('start', () => {
        this.moving = true;
      })
      .on('zoom', (event: { transform: ZoomTransform }) => {
        this.transform = event.transform;
        // Where the map is, for tests and tools: "k x y".
        this.canvas.dataset.transform = `${event.transform.k} ${event.transform.x} ${event.transform.y}`;
        this.request();
      })
      .on('end', () => {
        this.moving = false;
        this.request();
      });
    canvas.call(this.zoomer).on('dblclick.zoom', null);

    this.canvas.addEventListener('click', (e) => {
      const [x, y] = this.pointer(e);
      this.events.select(this.nodeAt(x, y));
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (e.buttons) return;
      const [x, y] = this.pointer(e);
      this.events.hover(this.nodeAt(x, y), e.clientX, e.clientY);
    });
    this.canvas.addEventListener('pointerleave', (e) => this.events.hover(null, e.clientX, e.clientY));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.measure();
  }

  private pointer(e: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return this.transform.invert([e.clientX - rect.left, e.clientY - rect.top]);
  }

  private key(e: KeyboardEvent): void {
    const sel = select<HTMLCanvasElement, unknown>(this.canvas);
    // Held-down keys pan like a drag: copy the painted network until the keys rest.
    window.clearTimeout(this.keyTimer);
    this.keyTimer = window.setTimeout(() => {
      this.keyMoving = false;
      this.request();
    }, 250);
    this.keyMoving = true;
    const step = 60;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const move = moves[e.key];
    if (move) this.zoomer.translateBy(sel, move[0] / this.transform.k, move[1] / this.transform.k);
    else if (e.key === '+' || e.key === '=') this.zoomer.scaleBy(sel, 1.25);
    else if (e.key === '-' || e.key === '_') this.zoomer.scaleBy(sel, 0.8);
    else if (e.key === '0') this.fit();
    else return;
    e.preventDefault();
  }

  private measure(): void {
    const rect = this.canvas.parentElement!.getBoundingClientRect();
    const w = Math.max(200, Math.floor(rect.width));
    const h = Math.max(200, Math.floor(rect.height));
    if (w === this.width && h === this.height) return;
    // Keep what was at the centre at the centre (a side panel opening narrows the canvas).
    if (this.width > 0) {
      const t = this.transform.translate(
        (w - this.width) / 2 / this.transform.k,
        (h - this.height) / 2 / this.transform.k,
      );
      this.zoomer.transform(select<HTMLCanvasElement, unknown>(this.canvas), t);
    }
    this.width = w;
    this.height = h;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    this.request();
  }

  setScene(scene: Scene, options: { fit?: boolean } = {}): void {
    this.scene = scene;
    this.renderer.setScene(scene);
    this.tree = null;
    if (options.fit || !this.fitted) this.fit(false);
    this.request();
  }

  setMarks(marks: { selected?: number; hovered?: number; neighbours?: Int32Array }): void {
    if (!this.scene) return;
    this.scene = { ...this.scene, ...marks };
    this.renderer.setMarks(marks);
    this.request();
  }

  setPositions(xy: Float32Array): void {
    if (!this.scene) return;
    this.scene = { ...this.scene, xy };
    this.renderer.setPositions(xy);
    this.tree = null;
    this.request();
  }

  /** Zooms to show every visible node (or the given ones). */
  fit(animate = true, only?: Iterable<number>): void {
    const s = this.scene;
    if (!s || s.count === 0) return;
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    const consider = (i: number) => {
      if (!s.visible[i]) return;
      const x = s.xy[2 * i]!,
        y = s.xy[2 * i + 1]!;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    };
    if (only) for (const i of only) consider(i);
    else for (let i = 0; i < s.count; i++) consider(i);
    if (!Number.isFinite(x0)) return;
    const pad = 40;
    const k = Math.min(
      2,
      Math.max(
        0.02,
        Math.min((this.width - 2 * pad) / Math.max(1, x1 - x0), (this.height - 2 * pad) / Math.max(1, y1 - y0)),
      ),
    );
    const t = zoomIdentity
      .translate(this.width / 2 - (k * (x0 + x1)) / 2, this.height / 2 - (k * (y0 + y1)) / 2)
      .scale(k);
    const sel = select<HTMLCanvasElement, unknown>(this.canvas);
    this.fitted = true;
    if (animate) this.zoomer.transform(sel.transition().duration(350), t);
    else this.zoomer.transform(sel, t);
  }

  /** Where the map is and how big the view: for exporting what is seen. */
  view(): { k: number; x: number; y: number; width: number; height: number } {
    return { k: this.transform.k, x: this.transform.x, y: this.transform.y, width: this.width, height: this.height };
  }

  /** The visible node nearest the middle of the view (keyboard selection), or null. */
  nodeNearMiddle(): number | null {
    const s = this.scene;
    if (!s) return null;
    const [cx, cy] = this.transform.invert([this.width / 2, this.height / 2]);
    let best: number | null = null;
    let bestD = Infinity;
    for (let i = 0; i < s.count; i++) {
      if (!s.visible[i] || s.dim[i]) continue;
      const d = (s.xy[2 * i]! - cx) ** 2 + (s.xy[2 * i + 1]! - cy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** Pans by dx, dy screen pixels (the benchmark drives panning through this and through the mouse alike). */
  panBy(dx: number, dy: number): void {
    this.zoomer.translateBy(
      select<HTMLCanvasElement, unknown>(this.canvas),
      dx / this.transform.k,
      dy / this.transform.k,
    );
  }

  nodeAt(x: number, y: number): number | null {
    const s = this.scene;
    if (!s) return null;
    if (!this.tree) {
      const ids: number[] = [];
      for (let i = 0; i < s.count; i++) if (s.visible[i]) ids.push(i);
      this.tree = quadtree<number>()
        .x((i) => s.xy[2 * i]!)
        .y((i) => s.xy[2 * i + 1]!)
        .addAll(ids);
    }
    const slack = 6 / this.transform.k;
    const found = this.tree.find(x, y, 40 / this.transform.k + 20);
    if (found === undefined) return null;
    const dx = s.xy[2 * found]! - x;
    const dy = s.xy[2 * found + 1]! - y;
    const r = Math.max(1.6 / this.transform.k, s.radius[found]!) + slack;
    return dx * dx + dy * dy <= r * r ? found : null;
  }

  request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const t = this.transform;
      this.renderer.draw(
        { x: t.x, y: t.y, k: t.k },
        this.width,
        this.height,
        window.devicePixelRatio || 1,
        this.moving || this.keyMoving,
      );
      this.events.drawn(this.scene?.count ?? 0);
    });
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    window.clearTimeout(this.keyTimer);
    this.resize.disconnect();
    select(this.canvas).on('.zoom', null).on('.drag', null);
  }
}
