// Constraints between sweep parameters: strings like "fast < slow" or "lower <= 40", one comparison each, in a tiny
// grammar parsed here (never evaluated as code):  constraint := operand op operand ;  op := < | <= | > | >= | == | != ;
// operand := a parameter name ([A-Za-z_][A-Za-z0-9_]*) | a number literal (-?digits[.digits][e±digits]).
import { SpecError } from '../spec/schema-check';

/** A comparison operator of the constraint grammar. */
export type ConstraintOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** One operand: the index of a parameter in the sweep's parameter list, or a constant. */
export type ConstraintOperand = { param: number } | { value: number };

/** A parsed constraint `left op right`. */
export interface Constraint {
  text: string;
  left: ConstraintOperand;
  op: ConstraintOp;
  right: ConstraintOperand;
}

const TOKEN = /^\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(<=|>=|==|!=|<|>))/;
const GRAMMAR = 'expected "operand op operand" with operand a parameter name or a number and op one of <, <=, >, >=, ==, !=';

/**
 * Parses `text` (e.g. "fast < slow") against the numeric parameter names `params`; throws a SpecError naming
 * `path` for anything outside the grammar or a name that is not a numeric parameter.
 */
export function parseConstraint(text: unknown, params: readonly string[], numeric: readonly boolean[], path: string): Constraint {
  if (typeof text !== 'string') throw new SpecError(path, `must be a string like "fast < slow", got ${JSON.stringify(text)}`);
  const tokens: { kind: 'name' | 'num' | 'op'; s: string }[] = [];
  let rest = text;
  while (rest.trim() !== '') {
    const m = TOKEN.exec(rest);
    if (m === null) throw new SpecError(path, `${GRAMMAR}; cannot read ${JSON.stringify(rest.trim())} in ${JSON.stringify(text)}`);
    tokens.push(m[1] !== undefined ? { kind: 'name', s: m[1] } : m[2] !== undefined ? { kind: 'num', s: m[2] } : { kind: 'op', s: m[3] });
    rest = rest.slice(m[0].length);
  }
  if (tokens.length !== 3 || tokens[0].kind === 'op' || tokens[1].kind !== 'op' || tokens[2].kind === 'op') {
    throw new SpecError(path, `${GRAMMAR}, got ${JSON.stringify(text)}`);
  }
  const operand = (t: { kind: string; s: string }): ConstraintOperand => {
    if (t.kind === 'num') return { value: Number(t.s) };
    const i = params.indexOf(t.s);
    if (i < 0) throw new SpecError(path, `unknown parameter ${JSON.stringify(t.s)} in ${JSON.stringify(text)}; parameters: ${params.join(', ') || '(none)'}`);
    if (!numeric[i]) throw new SpecError(path, `parameter ${JSON.stringify(t.s)} is not numeric and cannot be compared in ${JSON.stringify(text)}`);
    return { param: i };
  };
  const left = operand(tokens[0]);
  const right = operand(tokens[2]);
  if ('value' in left && 'value' in right) throw new SpecError(path, `must name at least one parameter, got ${JSON.stringify(text)}`);
  return { text, left, op: tokens[1].s as ConstraintOp, right };
}

/** Whether `values` (one per parameter, in parameter order) satisfies the constraint. */
export function satisfies(c: Constraint, values: readonly (number | boolean)[]): boolean {
  const a = 'param' in c.left ? (values[c.left.param] as number) : c.left.value;
  const b = 'param' in c.right ? (values[c.right.param] as number) : c.right.value;
  switch (c.op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}
