// Encoding of one guest translation (a PTE's effect) as a single number, so tables, TLB entries and
// the oracle's retained sets hold plain doubles: frame page * 8 + flags. Frames are 4 KiB page numbers
// (below 2^40 since addresses are below 2^52), so the value stays an exact integer below 2^43.
// Never put these through 32-bit bit operations: use the helpers below.

export const PTE_RO = 1;
export const PTE_GLOBAL = 2;
export const PTE_LARGE = 4;
/** No translation. */
export const NOT_PRESENT = -1;

export const PAGES_PER_LARGE = 512;

export function encodePte(framePage: number, flags: number): number {
  return framePage * 8 + flags;
}

// `* 0.125` is exact (a power of two) and cheaper than `/ 8` on these hot paths.
export function pteFrame(pte: number): number {
  return Math.floor(pte * 0.125);
}

export function pteFlags(pte: number): number {
  return pte - Math.floor(pte * 0.125) * 8;
}

/** Same frame and same write permission: what an access consumes (the global bit does not matter). */
export function sameTranslation(a: number, b: number): boolean {
  if (a === b) return true;
  if (a === NOT_PRESENT || b === NOT_PRESENT) return false;
  return pteFrame(a) === pteFrame(b) && (pteFlags(a) & PTE_RO) === (pteFlags(b) & PTE_RO);
}

export function isRo(pte: number): boolean {
  return (pteFlags(pte) & PTE_RO) !== 0;
}

export function isGlobal(pte: number): boolean {
  return (pteFlags(pte) & PTE_GLOBAL) !== 0;
}

export function isLarge(pte: number): boolean {
  return (pteFlags(pte) & PTE_LARGE) !== 0;
}

export function pageOf(addr: number): number {
  return Math.floor(addr / 4096);
}

export function regionOf(page: number): number {
  return Math.floor(page / PAGES_PER_LARGE);
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/**
 * The guest-physical address a translation maps its page to, for violations and explanations; a
 * read-only translation says so (" (ro)"), since a permission alone can make a translation stale.
 */
export function frameAddr(pte: number): string {
  return hex(pteFrame(pte) * 4096) + (isRo(pte) ? ' (ro)' : '');
}
