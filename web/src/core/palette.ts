/**
 * Colours that colour-blind readers can tell apart: the Okabe–Ito palette
 * (Okabe & Ito, "Color Universal Design", 2008), with greys for "none".
 * Stages run cold to warm; communities take the hues in a fixed order.
 */
import type { RelationshipStage } from '../../../shared/index.js';

export const STAGES: readonly RelationshipStage[] = ['stranger', 'acquaintance', 'contact', 'relationship', 'trusted'];

export const STAGE_COLOURS: Record<RelationshipStage, string> = {
  stranger: '#a3a3a3',
  acquaintance: '#56b4e9',
  contact: '#009e73',
  relationship: '#e69f00',
  trusted: '#d55e00',
};

/** Community hues, largest community first; later communities share OTHER. */
export const COMMUNITY_COLOURS: readonly string[] = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
];
export const OTHER_COMMUNITY = '#8c8c8c';
export const NO_COMMUNITY = '#d0d0d0';
export const ME_COLOUR = '#1d2733';
export const HIGHLIGHT = '#000000';
