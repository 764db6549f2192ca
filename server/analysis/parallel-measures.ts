/**
 * The second core for one large analysis: structural holes and Louvain run on another thread while
 * this one runs PageRank, betweenness and two-hop reach. At 300,000 people / 3,000,000 ties each
 * half takes several seconds; a thread costs about half a second to start, so a graph of fewer
 * than `PARALLEL_FROM_ARCS` arcs is measured on one thread. The results are the same either way
 * (the algorithms are deterministic); should the other thread fail, this one computes its part.
 */
import { Worker } from 'node:worker_threads';
import {
  type ComputedMeasures,
  mainThreadMeasures,
  measureInputs,
  type MeasureInputs,
  type PreparedAnalysis,
} from '../analytics/index.js';

/** Arcs of the tie graph (two per tie) from which the measures are split over two threads. */
export const PARALLEL_FROM_ARCS = 1_000_000;

/** Holes and Louvain of `inputs` on a thread of their own; {} when it fails (computed here instead). */
export function measuresOnAnotherThread(inputs: MeasureInputs): Promise<ComputedMeasures> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./measures.worker.ts', import.meta.url).href, inputs },
    });
    worker.once('message', (m: ComputedMeasures) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', () => resolve({}));
    worker.once('exit', () => resolve({}));
  });
}

/**
 * The measures of a prepared analysis, split over two threads when its tie graph has at least
 * `fromArcs` arcs; {} below that (finishAnalysis computes them all on this thread).
 */
export async function measuresInParallel(
  p: PreparedAnalysis,
  fromArcs = PARALLEL_FROM_ARCS,
): Promise<ComputedMeasures> {
  if (p.table.graph.targets.length < fromArcs) return {};
  const other = measuresOnAnotherThread(measureInputs(p));
  const here = mainThreadMeasures(p);
  return { ...here, ...(await other) };
}
