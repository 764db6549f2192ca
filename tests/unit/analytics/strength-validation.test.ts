/**
 * The strength validation in CI, first half of the scenarios (the gate and its
 * size: tests/validation/validation-gate.ts; the full table: npm run
 * validate:strength, docs/strength-validation.md).
 */
import { GATE_HALVES, describeValidationGate } from '../../validation/validation-gate.js';

describeValidationGate(GATE_HALVES[0]!);
