/**
 * Colours that colour-blind readers can tell apart: the Okabe–Ito palette
 * (Okabe & Ito, "Color Universal Design", 2008), with greys for "none".
 * Stages run cold to warm; communities take the hues in a fixed order.
 */
import { STAGE_COLOURS, STAGE_ORDER } from '../../../shared/index.js';

/** Stages and their colours: one definition, in shared/domain/stages.ts. */
export const STAGES = STAGE_ORDER;
export { STAGE_COLOURS };

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
