// Thin comlink shell around the portfolio study (src/engine/portfolio-study): optimization, frontier, correlation,
// risk and rebalancing run here, off the main thread, and the portfolio backtest with its monitor (which needs the
// WASM kernels, loaded on its first use). Result arrays are transferred, not copied.
import * as Comlink from 'comlink';
import wasmUrl from '../build/kernels.wasm?url';
import { portfolioBacktestAnswer } from '../src/engine/portfolio-study/backtest';
import { createPortfolioStudy } from '../src/engine/portfolio-study/index';
import { instantiateKernels, type Kernels } from '../src/kernels/index';
import type { PortfolioWorkerApi } from '../src/shared/portfolio-api';

const study = createPortfolioStudy();
let kernels: Promise<Kernels> | null = null;

const api: PortfolioWorkerApi = {
  setUniverse: (input) => study.setUniverse(input),
  optimize: (req) => {
    const r = study.optimize(req);
    const arrays = [
      r.weights,
      r.correlation,
      r.ts,
      r.equity,
      r.equal_weight,
      r.contributions,
      r.latest_prices,
      r.risk.risk_contributions,
    ];
    return Comlink.transfer(r, [...new Set(arrays.map((a) => a.buffer))]);
  },
  rebalance: (req) => {
    const r = study.rebalance(req);
    return Comlink.transfer(r, [r.ts.buffer, r.equity.buffer, r.buy_and_hold.buffer, r.final_weights.buffer]);
  },
  allocate: (weights, total, shortRatio) => study.allocate(weights, total, shortRatio),
  backtestPortfolio: async (req) => {
    kernels ??= fetch(wasmUrl)
      .then((r) => r.arrayBuffer())
      .then(instantiateKernels);
    const r = portfolioBacktestAnswer(await kernels, req);
    const arrays = [r.ts, r.equity, r.drawdown, r.heat, ...r.sleeves.map((s) => s.cumulative)];
    return Comlink.transfer(r, [...new Set(arrays.map((a) => a.buffer))]);
  },
};

Comlink.expose(api);
