// A shared sweep or walk-forward request back into the Optimize section's forms (docs/share.md § Opening a link):
// each parameter's space as the form types it (fixed, list or range), the constraints one per line, the search and
// the metric; and a walk-forward request's window geometry. Pure; buildSpace of the result gives the same space.
import type { ColumnMetric } from '../../engine/backtest/columns';
import type { ShareSweepRequest, ShareWalkForwardRequest } from '../../shared/share';
import type { StrategyType } from '../../shared/backtest';
import { strategyForm, type FormStrategyType } from './backtest-config';
import type { WalkForwardInputs } from './optimize-walkforward.svelte';
import type { ParamSpaceInput, SpaceInputs } from './optimize-space';

const isRange = (v: unknown): v is { min: number; max: number; step: number } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The sweep form showing `req`'s space, search and metric; `cap` is kept unless the request needs more trials. */
export function spaceInputsOf(req: ShareSweepRequest, cap: string): SpaceInputs {
  const s = req.strategy;
  const type = s.type as StrategyType;
  const fields = type === 'rules' ? [] : strategyForm(type as FormStrategyType).fields;
  const params: ParamSpaceInput[] = Object.entries(s.params ?? {}).map(([name, v]) => {
    const f = fields.find((x) => x.name === name);
    const first = Array.isArray(v) ? v[0] : isRange(v) ? v.min : v;
    const kind: ParamSpaceInput['kind'] = typeof first === 'boolean' ? 'boolean' : f?.kind === 'integer' || (f === undefined && Number.isInteger(first)) ? 'integer' : 'real';
    const p: ParamSpaceInput = { name, label: f?.label ?? name, kind, mode: 'fixed', value: String(first), list: String(first), min: String(first), max: String(first), step: kind === 'integer' ? '1' : '0.5' };
    if (Array.isArray(v)) Object.assign(p, { mode: 'list', list: v.map(String).join(', ') });
    else if (isRange(v)) Object.assign(p, { mode: 'range', min: String(v.min), max: String(v.max), step: String(v.step) });
    return p;
  });
  const out: SpaceInputs = {
    type,
    params,
    constraints: (s.constraints ?? []).join('\n'),
    search: req.search ?? 'grid',
    maxTries: String(req.max_tries ?? 500),
    seed: String(req.seed ?? 1),
    cap,
    metric: (req.metric ?? 'sharpe_ratio') as ColumnMetric,
  };
  if (type === 'rules') out.rules = s.rules;
  return out;
}

/** The walk-forward form showing `req`'s windows and metric. */
export function walkForwardInputsOf(req: ShareWalkForwardRequest): WalkForwardInputs {
  return {
    mode: req.mode ?? 'rolling',
    inSample: String(req.in_sample),
    outOfSample: String(req.out_of_sample),
    step: req.step === undefined ? '' : String(req.step),
    metric: (req.metric ?? 'sharpe_ratio') as ColumnMetric,
  };
}
