/**
 * The strength validation in CI, second half of the scenarios (the gate and
 * its size: tests/validation/validation-gate.ts).
 */
import { GATE_HALVES, describeValidationGate } from '../../validation/validation-gate.js';

describeValidationGate(GATE_HALVES[1]!);
