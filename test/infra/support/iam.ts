/**
 * IAM checks shared by the infrastructure tests: which actions write, and which statements grant a
 * write action on `*`.
 * @module
 */

const READ_VERBS = /^[a-z0-9-]+:(Get|List|Describe|BatchGet|Query|Scan|Head|Lookup|Search|Select|View)[A-Za-z]*$/;

/** Anything that is not a plain read (including wildcards such as `s3:*` or `*`). */
export function isWriteAction(action: string): boolean {
  return !READ_VERBS.test(action);
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Normalises CloudFormation (`Action`/`Resource`) and Terraform (`actions`/`resources`) statements. */
export function normalise(statement: Record<string, any>): {
  sid: string;
  effect: string;
  actions: string[];
  resources: unknown[];
} {
  return {
    sid: String(statement.Sid ?? statement.sid ?? '(no sid)'),
    effect: String(statement.Effect ?? statement.effect ?? 'Allow'),
    actions: asList(statement.Action ?? statement.actions).map(String),
    resources: asList(statement.Resource ?? statement.resources),
  };
}

/** Allow statements granting a write action on `*` (or `arn:...:*` with nothing narrower). */
export function wildcardWrites(statements: ReadonlyArray<Record<string, any>>): string[] {
  const problems: string[] = [];
  for (const raw of statements) {
    const s = normalise(raw);
    if (s.effect !== 'Allow') continue;
    const writes = s.actions.filter(isWriteAction);
    const star = s.resources.some(
      (r) => r === '*' || (typeof r === 'string' && /^arn:[^:]+:[^:]*:[^:]*:[^:]*:\*$/.test(r)),
    );
    if (writes.length > 0 && star) problems.push(`${s.sid}: ${writes.join(', ')} on *`);
  }
  return problems;
}
