/** One colour per relationship stage, light (stranger) to dark (trusted), shared by every chart and the tables. */
import { scaleOrdinal } from 'd3';
import type { RelationshipStage } from '../../../shared/index.js';
import { STAGES } from '../../analytics/strength/stage.js';

export const stageColor = scaleOrdinal<RelationshipStage, string>()
  .domain(STAGES)
  .range(['#cbd5e1', '#93c5fd', '#60a5fa', '#2563eb', '#1e3a8a']);

export const UP = '#15803d';
export const DOWN = '#b91c1c';
export const INK = '#1f2937';
export const MUTED = '#6b7280';
export const GRID = '#e5e7eb';
