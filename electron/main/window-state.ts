// The main window's bounds and maximised state, remembered across launches and clamped back onto a
// display that still exists (a monitor may have been unplugged since).
import { z } from 'zod';

export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW: WindowState = { width: 1400, height: 900, maximized: false };
export const MIN_SIZE = { width: 800, height: 500 };

/**
 * Fits a remembered state onto the current displays' work areas: the size shrinks to the display,
 * and a window whose title bar would be off every display is centred on the primary one.
 */
export function clampWindowState(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return { ...state };
  const fitsOn = (a: Rect): boolean =>
    state.x !== undefined &&
    state.y !== undefined &&
    state.x + 100 <= a.x + a.width &&
    state.x + state.width - 100 >= a.x &&
    state.y >= a.y &&
    state.y + 30 <= a.y + a.height;
  const area = workAreas.find(fitsOn);
  const target = area ?? primary;
  const width = Math.max(MIN_SIZE.width, Math.min(state.width, target.width));
  const height = Math.max(MIN_SIZE.height, Math.min(state.height, target.height));
  if (area && state.x !== undefined && state.y !== undefined) {
    // Keep the position, but pull the window in so it does not hang past the right/bottom edge.
    const x = Math.max(area.x, Math.min(state.x, area.x + area.width - width));
    const y = Math.max(area.y, Math.min(state.y, area.y + area.height - height));
    return { x, y, width, height, maximized: state.maximized };
  }
  return {
    x: Math.round(target.x + (target.width - width) / 2),
    y: Math.round(target.y + (target.height - height) / 2),
    width,
    height,
    maximized: state.maximized,
  };
}
