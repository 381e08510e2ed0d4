// One number per page number (a guest page, a guest-physical page), for sparse per-page state on hot
// paths: stored per 2 MiB region as a 512-entry Float64Array behind a RegionMap, so a read is two array
// loads and a write allocates only the first time a region is touched — no hash map of boxed page
// numbers (which cost several times more per access and grew the heap with every page).

import { PAGES_PER_LARGE } from '../guest/pte';
import { RegionMap } from './region-map';

export class PageValues {
  private readonly regions = new RegionMap<Float64Array>();

  /** `absent` is what get() returns for a page never set. */
  constructor(private readonly absent: number) {}

  get(page: number): number {
    const region = Math.floor(page / PAGES_PER_LARGE);
    const values = this.regions.get(region);
    return values === undefined ? this.absent : values[page - region * PAGES_PER_LARGE]!;
  }

  set(page: number, value: number): void {
    this.exchange(page, value);
  }

  /** Sets the page's value and returns the one it replaces (`absent` if none): one lookup for both. */
  exchange(page: number, value: number): number {
    const region = Math.floor(page / PAGES_PER_LARGE);
    let values = this.regions.get(region);
    if (values === undefined) {
      values = new Float64Array(PAGES_PER_LARGE).fill(this.absent);
      this.regions.set(region, values);
    }
    const i = page - region * PAGES_PER_LARGE;
    const old = values[i]!;
    values[i] = value;
    return old;
  }
}
