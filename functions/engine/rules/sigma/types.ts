/** The Sigma front end's data: input files, compiled rules and the errors that refuse a rule. */
import type { RecordRule } from '../types.js';

/** One input file: its path (for messages and ids) and its text. */
export interface SigmaFile {
  path: string;
  text: string;
}

/** Why a Sigma file was refused, pointing at the line that says so. */
export interface SigmaError {
  path: string;
  /** 1-based line, when known. */
  line: number | null;
  message: string;
}

/** A compiled Sigma rule: a record rule plus where it came from and what its prefilter costs. */
export interface SigmaRule extends RecordRule {
  source: { path: string; sigmaId: string | null };
  /** True when the rule pins no column the prefilter can read: every event becomes a candidate. */
  broadPrefilter: boolean;
}

/** What {@link compileSigmaRules} gives back: the rules that compiled and the files that did not. */
export interface SigmaCompileResult {
  rules: SigmaRule[];
  errors: SigmaError[];
}

/** Thrown inside the compiler only, caught per file and turned into a {@link SigmaError}. */
export class SigmaCompileError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'SigmaCompileError';
  }
}
