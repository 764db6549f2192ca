/**
 * The thread that computes Burt's structural holes and Louvain's communities of a large analysis
 * while the analysis thread computes PageRank, betweenness and reach (parallel-measures.ts). It
 * receives arrays only, answers once and is ended.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { holesOf, louvainOf, type MeasureInputs } from '../analytics/index.js';

const inputs = (workerData as { inputs: MeasureInputs }).inputs;
const holes = holesOf(inputs);
const louvain = louvainOf(inputs);
parentPort!.postMessage({ holes, louvain }, [
  holes.constraint.buffer,
  holes.effectiveSize.buffer,
  louvain.community.buffer,
] as ArrayBuffer[]);
