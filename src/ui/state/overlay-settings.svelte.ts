// The user's moving-average overlay settings: what is typed in each period field, its validation message,
// and the last valid period of each (the one drawn).
import type { OverlaySpec } from '../../shared/engine-api';
import { parsePeriod } from '../charts/data/overlays';

/** Overlay functions in legend and drawing order. */
export const OVERLAY_FNS: readonly OverlaySpec['fn'][] = ['SMA', 'EMA'];

type PerFn<T> = Record<OverlaySpec['fn'], T>;

/** Period fields with inline validation; `specs` always holds the last good periods. */
export class OverlaySettings {
  /** Raw text of each period field. */
  inputs = $state<PerFn<string>>({ SMA: '20', EMA: '50' });
  /** Validation message of each field, null when its text is a valid period. */
  errors = $state<PerFn<string | null>>({ SMA: null, EMA: null });
  /** Last valid period of each overlay (default SMA(20), EMA(50)). */
  periods = $state<PerFn<number>>({ SMA: 20, EMA: 50 });

  /** The overlays to draw, in OVERLAY_FNS order. */
  get specs(): OverlaySpec[] {
    return OVERLAY_FNS.map((fn) => ({ fn, period: this.periods[fn] }));
  }

  /** Records text typed into `fn`'s field; returns true when it is valid and changes the period to draw. */
  set(fn: OverlaySpec['fn'], text: string): boolean {
    this.inputs[fn] = text;
    const parsed = parsePeriod(fn, text);
    if (!parsed.ok) {
      this.errors[fn] = parsed.error;
      return false;
    }
    this.errors[fn] = null;
    if (this.periods[fn] === parsed.period) return false;
    this.periods[fn] = parsed.period;
    return true;
  }
}
