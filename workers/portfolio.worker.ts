// Thin comlink shell around the portfolio study (src/engine/portfolio-study): optimization, frontier, correlation,
// risk and rebalancing run here, off the main thread. Result arrays are transferred, not copied.
import * as Comlink from 'comlink';
import { createPortfolioStudy } from '../src/engine/portfolio-study/index';
import type { PortfolioApi } from '../src/shared/portfolio-api';

const study = createPortfolioStudy();

const api: PortfolioApi = {
  setUniverse: (input) => study.setUniverse(input),
  optimize: (req) => {
    const r = study.optimize(req);
    const arrays = [r.weights, r.correlation, r.ts, r.equity, r.equal_weight, r.contributions, r.latest_prices, r.risk.risk_contributions];
    return Comlink.transfer(r, [...new Set(arrays.map((a) => a.buffer))]);
  },
  rebalance: (req) => {
    const r = study.rebalance(req);
    return Comlink.transfer(r, [r.ts.buffer, r.equity.buffer, r.buy_and_hold.buffer, r.final_weights.buffer]);
  },
  allocate: (weights, total, shortRatio) => study.allocate(weights, total, shortRatio),
};

Comlink.expose(api);
