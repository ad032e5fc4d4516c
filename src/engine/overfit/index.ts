// Overfitting statistics: PSR, DSR, expected maximum Sharpe, minimum track record length (./sharpe.ts), PBO by
// CSCV (./pbo.ts), the normal distribution they need (./normal.ts) and the plain-words summary (./words.ts).
export { EULER_GAMMA, normCdf, normInv, normPdf } from './normal';
export { deflatedSharpe, expectedMaxSharpe, minTrackRecordLength, probabilisticSharpe, type DeflatedSharpe, type DeflatedSharpeInput } from './sharpe';
export {
  MAX_PBO_BLOCKS,
  addTrialBlocks,
  blockBounds,
  blockStatsOfMatrix,
  checkBlocks,
  emptyBlockStats,
  halfSharpe,
  pboFromBlocks,
  pboFromMatrix,
  type BlockStats,
  type PboResult,
} from './pbo';
export { overfitSentence, type OverfitSummary } from './words';
