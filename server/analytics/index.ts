/**
 * Nurture analytics: pure functions over graphology graphs and workspace
 * snapshots. This index only re-exports; each file cites what it implements.
 */
export {
  analyzeWorkspace,
  analyzeWorkspaceWithState,
  finishAnalysis,
  finishLargeAnalysis,
  graphsToPushDown,
  holesOf,
  introductionPathsTo,
  louvainOf,
  mainThreadMeasures,
  measureInputs,
  prepareAnalysis,
  tieStrength,
  DEFAULTS as ANALYZE_DEFAULTS,
} from './analyze-workspace.js';
export type {
  AnalyzeOptions,
  AnalysisState,
  ComputedMeasures,
  ExternalMeasures,
  MeasureInputs,
  IdEdge,
  LargeAnalysis,
  PeopleColumns,
  PreparedAnalysis,
  PushDown,
  ResolvedOptions,
} from './analyze-workspace.js';
export { updateAfterInteraction, tieStrengthOf } from './update-after-interaction.js';
export type { NewInteraction, UpdateOptions, UpdateResult } from './update-after-interaction.js';
export { buildGraphs, buildTieGraph, buildFlowGraph, findMe } from './graph/build-graphs.js';
export type { TieGraph, FlowGraph, PersonNode, TieEdge, FlowEdge, WorkspaceGraphs } from './graph/build-graphs.js';
export type { PairEvidence } from './graph/pair-evidence.js';
export { compactGraph } from './graph/compact-graph.js';
export { tieStrengths, explainTie, scoreAt } from './strength/tie-strengths.js';
export { resolveStrengthOptions, DEFAULTS as STRENGTH_DEFAULTS } from './strength/relationship-strength.js';
export { stageOf, STAGES } from './strength/stage.js';
export { pagerank } from './centrality/pagerank.js';
export { betweenness } from './centrality/betweenness.js';
export { constraint } from './brokerage/constraint.js';
export { effectiveSize } from './brokerage/effective-size.js';
export { twoHopReach } from './reach/two-hop-reach.js';
export { referralLedger } from './partner/ledger.js';
export { referralPartnerScores } from './partner/referral-partner-score.js';
export { warmIntroductionPaths } from './paths/warm-introduction-paths.js';
export { louvainCommunities } from './communities/louvain-communities.js';
export { detectMistakes } from './mistakes/detect-mistakes.js';
export { earlyPitches } from './mistakes/early-pitch.js';
export { signedUpWithoutPermission } from './mistakes/signed-up-without-permission.js';
export { assumedCloseness } from './mistakes/assumed-closeness.js';
export { consentGatedExport, mailingListExports } from './consent/consent-gated-export.js';
export { recommend } from './recommendations/recommendations.js';
