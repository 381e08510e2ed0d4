// The L0 model (KVM's shadow MMU, roots, hardware TLB, transitions). Filled in by the engine work.
export {};
