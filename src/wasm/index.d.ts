// Types of the ocop WebAssembly module (index.js). Options mirror the CLI's flags.

/** What one call gives back: what the CLI prints, its refused records and its exit code. */
export interface OcopOutput {
  /** The CLI's standard output for the same input (JSON Lines, CSV or text). */
  output: string;
  /** Refused records as JSON Lines {"line","id","error","path","message"} (as `--errors FILE`), or {"error":"fatal","message"}. */
  errors: string;
  /** 0 ok, 1 some records failed, 2 usage, 3 fatal: the CLI's exit codes. */
  exitCode: number;
}

/** Ruleset options: `--markers`, `--defects`, `--knockout`, `--ruleset-file` (texts), `--replace`, `--default`, `--as-of`. */
export interface RulesetOptions {
  markers?: 'cap' | 'fail' | 'ignore';
  defects?: 'probable' | 'strict';
  /** What a knock-out does: `zero` (0 stars, the default) or `flag` (reported only). */
  knockout?: 'zero' | 'flag';
  /** Ruleset JSON texts (ocop-ruleset/1) added to the built-in ones. */
  rulesets?: string[];
  replace?: boolean;
  default?: string;
  /** YYYY-MM-DD: records naming no ruleset take the edition in force then. */
  asOf?: string;
}

/** Input options: `--input-format`, `--max-line-bytes`. */
export interface InputOptions extends RulesetOptions {
  inputFormat?: 'auto' | 'jsonl' | 'csv';
  maxLineBytes?: number;
}

/** `ocop score -`: one result per record. */
export interface ScoreOptions extends InputOptions {
  detail?: 'totals' | 'criteria' | 'full';
  messages?: boolean;
  format?: 'jsonl' | 'csv';
}

/** `ocop explain -`: the first record, or the one with `id`. */
export interface ExplainOptions extends InputOptions { id?: string; }
/** `ocop plan - --format json`. */
export interface PlanOptions extends InputOptions { target?: 1 | 2 | 3 | 4 | 5; consensus?: boolean; }
/** `ocop council - --format json`; `spread` in points (default 10). */
export interface CouncilOptions extends InputOptions { spread?: number; }
/** `ocop validate -` on JSON records. */
export interface ValidateOptions extends InputOptions { lang?: 'vi' | 'en'; format?: 'text' | 'jsonl' | 'csv'; }
/** `ocop schema --sheet N [--ruleset ID]`. */
export interface SchemaOptions extends RulesetOptions { ruleset?: string; sheet: number; }

export interface RulesetInfo {
  id: string;
  hash: string;
  default: boolean;
  sheets: { no: number; name_vi: string; scorable: boolean }[];
}

/** What a scoring form shows of a ruleset (make-form.mjs). */
export interface FormModel {
  id: string;
  hash: string;
  title: string;
  sheets: {
    no: number;
    name_vi: string;
    refusal?: string;
    max_total?: number;
    groups?: { code: string; title_vi: string; part: 'A' | 'B' | 'C'; max_points: number; choose_one_case: boolean }[];
    criteria?: {
      id: string; code: string; title_vi: string; group: number; case_no: number; max_points: number;
      subgroup_vi?: string;
      options: { label_vi: string; points: number; marker?: number; case_no?: number; knockout?: boolean }[];
    }[];
    knockouts?: { code: string; vi: string }[];
  }[];
}

export interface Ocop {
  /** Library version, "major.minor.patch" (`ocop --version`). */
  readonly version: string;
  score(input: string, options?: ScoreOptions): OcopOutput;
  explain(input: string, options?: ExplainOptions): OcopOutput;
  plan(input: string, options?: PlanOptions): OcopOutput;
  range(input: string, options?: InputOptions): OcopOutput;
  council(input: string, options?: CouncilOptions): OcopOutput;
  validate(input: string, options?: ValidateOptions): OcopOutput;
  /** The JSON Schema text; throws on an unknown ruleset or sheet. */
  schema(options: SchemaOptions): string;
  rulesets(options?: RulesetOptions): RulesetInfo[];
  /** The text of a built-in ruleset file. */
  rulesetText(id: string): string;
  form(options?: RulesetOptions & { ruleset?: string }): FormModel;
}

/** Load the WebAssembly module (about 4 MB, inline). */
export function createOcop(): Promise<Ocop>;
export default createOcop;
