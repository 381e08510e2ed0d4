// The nested parts of a Transition (policy-api.md), frozen once and shared by value. Every nested
// VM-Enter/VM-Exit hands the policy a Transition whose `target` and `prevRoots` take a handful of
// values over a whole run; freezing two fresh objects per transition cost more than the policy call.

import type { Transition } from '../policy/api';

/** Unsync-page counts below this share a cached object; larger ones get a fresh frozen one. */
const CACHED_UNSYNC = 1024;
/** Cached prev-root counts (KVM_MMU_NUM_PREV_ROOTS is 3; scenarios may set more). */
const CACHED_PREV = 16;

export class FrozenTransitionParts {
  private readonly targets: (Transition['target'] | undefined)[] = [];
  private readonly prevs: (Transition['prevRoots'] | undefined)[] = [];

  target(cachedRoot: boolean, unsyncPages: number): Transition['target'] {
    if (unsyncPages >= CACHED_UNSYNC) return Object.freeze({ cachedRoot, unsyncPages });
    const k = unsyncPages * 2 + (cachedRoot ? 1 : 0);
    return (this.targets[k] ??= Object.freeze({ cachedRoot, unsyncPages }));
  }

  prevRoots(count: number, unsyncPages: number): Transition['prevRoots'] {
    if (count >= CACHED_PREV || unsyncPages >= CACHED_UNSYNC) return Object.freeze({ count, unsyncPages });
    const k = unsyncPages * CACHED_PREV + count;
    return (this.prevs[k] ??= Object.freeze({ count, unsyncPages }));
  }
}
