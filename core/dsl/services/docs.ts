// Hover documentation for every statement keyword and header option of the scenario language, each a
// sentence or two with the KVM/SDM meaning from model.md and kvm-semantics.md. Keys are `context.word`
// (`host.ept`, `stmt.cr3`...) with a plain-word fallback; see hover.ts for how the context is found.

export const DOCS: Record<string, string> = {
  // header
  scenario:
    '**scenario** `"name" { ... }` — the header: what the machine is. Every item is optional; defaults are dsl.md\'s.',
  seed: '**seed** `N` — seed of the one PRNG behind `random`, `zipf`, `pte ... random` and `repeat A..B` (default 1).',
  'scenario.host':
    '**host** `{ ept vpid unsync }` — what L0 (KVM on the host) uses: `enable_ept`, `enable_vpid` and unsync shadow pages.',
  'scenario.l1':
    '**l1** `{ ept vpid pcid }` — what L1 enables for L2 in VMCS12 (EPT, VPID) and whether the guests use PCIDs (CR4.PCIDE).',
  'host.ept':
    '**host.ept** — L0 uses EPT (`enable_ept`). `off` = shadow paging: L0 builds shadow page tables (SPTEs) from the guest tables and must sync them.',
  'host.vpid':
    '**host.vpid** — L0 tags TLB entries with VPIDs (`enable_vpid`): vpid01 for L1, vpid02 for L2. `off`: every real VM entry/exit flushes the TLB.',
  'host.unsync':
    '**host.unsync** — KVM may let a shadowed leaf page table go *unsync* at its first trapped write (`mmu_try_to_unsync_pages`): later guest writes are invisible to L0 until a sync.',
  'l1.ept':
    '**l1.ept** — L1 enables EPT in VMCS12 (nested EPT): L2 GPAs go through EPT12, shadowed by L0 as EPT02. Needs `host.ept on`.',
  'l1.vpid':
    "**l1.vpid** — L1 enables VPID in VMCS12. Off: every nested VM-Enter/VM-Exit invalidates all of VPID 0's linear mappings (SDM). Needs `host.vpid on`; defaults to host.vpid.",
  'l1.pcid':
    '**l1.pcid** — the guests set CR4.PCIDE. Off: every context uses PCID 0 and `pcid N` / `noflush` are errors.',
  vpid02:
    '**vpid02** `auto | none` — `auto`: L0 allocated a VPID for L2 at VMXON (as KVM does); `none`: it ran out and L2 shares vpid01.',
  tlb: "**tlb** `{ entries N ways W }` — geometry of L0's hardware TLB: set-associative, LRU within a set (default 1536 × 12).",
  entries: '**entries** — total hardware TLB entries; must be a multiple of `ways`.',
  ways: '**ways** — TLB associativity; sets = entries / ways, set index = page number mod sets.',
  roots:
    '**roots** `N` — cached previous roots per MMU (`KVM_MMU_NUM_PREV_ROOTS` = 3): a CR3 load to a cached root is a fast switch, reused with its unsync pages.',
  cost: '**cost** `{ ... }` — the cycle model of a run (model.md "Costs"): a model printed with every result, not a claim about hardware.',
  'cost.vmexit': '**cost.vmexit** — cycles of a VM exit to L0 (default 1200).',
  'cost.vmenter': '**cost.vmenter** — cycles of a VM entry from L0 (default 800).',
  walk_ref:
    '**walk_ref** — cycles per memory reference of a page walk: 4 per miss with shadow paging, 24 with host EPT (default 30).',
  sync_page: '**sync_page** — cycles to re-read one unsync guest page table during a sync (default 600).',
  'cost.flush': '**cost.flush** — cycles per hardware TLB flush operation (default 400).',
  tlb_hit: '**tlb_hit** — cycles of a TLB hit (default 1).',
  'scenario.vpid12':
    '**vpid12** `N` — the VPID L1 writes in VMCS12 for L2 (used when `l1.vpid on`; 0 then makes VM-Enter fail).',
  'scenario.cr3':
    "**cr3** `{ l1 A  l2 P pcid 1 }` — initial CR3 of each level; L2's is VMCS12 GUEST_CR3 at the first VM-Enter. Default: each level's first pgd, PCID 0.",
  on: '**on** — enable the option.',
  off: '**off** — disable the option.',
  auto: '**auto** — L0 allocates vpid02 for L2 (KVM at VMXON).',
  none: '**none** — no value: `vpid02 none` (L0 ran out of VPIDs) or `pte ... -> none` (unmap).',
  // declarations
  pgd: '**pgd** `NAME` — declare a page table (a CR3 target) owned by the level that declares it: `l1 pgd A` for L1, `l2 pgd P` for L2.',
  'stmt.ept':
    '**ept** `NAME` — declare an EPT12 table (L2 GPA → L1 GPA), owned by L1; used when `l1.ept on`.',
  map: "**map** `T RANGE -> GPA [global] [ro] [2M]` — initial PTEs of table T (before the first event: no cost, no unsync). L1 may map its own and L2's tables.",
  eptmap:
    '**eptmap** `E RANGE -> L1GPA [ro]` — initial EPT12 entries of table E (L2 GPA → L1 GPA), before the first event.',
  global:
    '**global** — the PTE has the G bit: its TLB entries are shared by every PCID of the VPID and survive non-global flushes.',
  ro: '**ro** — read-only mapping: a write (or fetch) is a protection fault, counted as a page fault.',
  // events
  l1: '**l1** — the statement is executed by L1, the guest hypervisor.',
  l2: "**l2** — the statement is executed by L2, L1's guest.",
  'stmt.cr3':
    "**cr3** `T [pcid N] [noflush]` — MOV to CR3. Without `noflush` (bit 63 clear) it flushes the new PCID's non-global mappings; KVM syncs the root and frees cached roots of that PCID (`kvm_invalidate_pcid`).",
  noflush:
    '**noflush** — CR3 bit 63 set: no flush; KVM may reuse a cached root without syncing (fast PGD switch). Needs `l1.pcid on`.',
  pcid: '**pcid** `N` — the PCID (0..4095) of a CR3 load or INVPCID; non-zero needs `l1.pcid on`.',
  read: "**read** `ADDR | RANGE [step S] | random RANGE count N | zipf RANGE count N s X` — memory reads through the running level's translation.",
  write: '**write** — memory writes (a write to an `ro` page is a protection fault).',
  fetch: '**fetch** — instruction fetches.',
  step: '**step** `S` — stride of a sequential sweep (default 4k).',
  random: '**random** — page-uniform random addresses or frames, drawn from the seeded PRNG.',
  count: '**count** `N` — how many addresses a generator draws (> 0).',
  zipf: '**zipf** `RANGE count N s X` — skewed hot set: page k is drawn with weight 1/k^s.',
  s: '**s** `X` — the zipf exponent (> 0; a fraction such as 1.1 is allowed here only).',
  pte: '**pte** `T ADDR -> FRAME|none|random R [global] [ro]` — the running guest writes a PTE. With shadow paging a write-protected page traps; an unsync page does not.',
  eptpte:
    '**eptpte** `E GPA -> FRAME` — L1 rewrites an EPT12 entry. It never traps: EPT02 stays stale until L1 executes INVEPT (`handle_invept`).',
  invlpg:
    '**invlpg** `ADDR` — invalidate one page for the current VPID and PCID (plus its global entries); KVM invalidates it in every root (`kvm_mmu_invlpg`).',
  invpcid:
    '**invpcid** `addr A pcid N | single pcid N | all | all-nonglobal` — invalidate by PCID (SDM INVPCID types 0–3; `kvm_handle_invpcid`).',
  invvpid:
    "**invvpid** `addr A vpid N | single vpid N | all | single-globals vpid N` — L1 invalidates L2's VPID-tagged mappings; KVM flushes vpid02 and, with shadow paging, frees L2 roots (`handle_invvpid`).",
  invept:
    '**invept** `single E | all` — L1 invalidates guest-physical mappings of EPT12; KVM frees the EPT02 roots built from it (`handle_invept`).',
  addr: '**addr** — invalidate one address (INVPCID/INVVPID individual-address type).',
  single: '**single** — single-context invalidation (one PCID, VPID or EPTP).',
  all: '**all** — invalidate everything of that kind (all contexts, globals included).',
  'all-nonglobal': '**all-nonglobal** — INVPCID type 3: all PCIDs, global translations kept.',
  'single-globals': '**single-globals** — INVVPID type 3: one VPID, global translations kept.',
  vpid: '**vpid** `N` — the VPID (1..65535) an INVVPID names.',
  'stmt.vpid12':
    '**vpid12** `N` — L1 changes the VPID it writes in VMCS12 for L2; it takes effect at the next `vmenter` (a new vpid12 is a new, empty guest ASID).',
  vmenter:
    "**vmenter** `[cr3 T [pcid N]] [ept E]` — nested VM-Enter (VMLAUNCH/VMRESUME, L1 → L2); L0 applies the policy's sync/flush decision (`nested_vmx_transition_tlb_flush`).",
  'vmenter.cr3':
    "**cr3** `T` — L1 writes VMCS12 GUEST_CR3 before entering (one of L2's tables; no `noflush`: bits 63:52 must be clear).",
  'vmenter.ept':
    "**ept** `E` — L1 points VMCS12's EPTP at EPT12 table E before entering (ignored with `l1.ept off`).",
  vmexit:
    '**vmexit** `[reason]` — nested VM-Exit (L2 → L1); the reason is free text for the timeline (default `other`).',
  host: '**host zap** — L0 drops all shadow pages and roots (memory pressure, `kvm_mmu_zap_all`) and flushes everything.',
  zap: '**zap** — `host zap`: drop all roots and shadow pages, flush all.',
  mark: '**mark** `"label"` — a labelled marker on the timeline and in reports.',
  repeat:
    '**repeat** `N | A..B { ... }` — a loop, expanded lazily by the engine; `A..B` draws the count once per entry from [A, B).',
};

/** Statement keywords offered after an actor, with the actor that may use them. */
export const STATEMENTS: { word: string; actors: ('l1' | 'l2')[]; snippet: string }[] = [
  { word: 'pgd', actors: ['l1', 'l2'], snippet: 'pgd ${1:A}' },
  { word: 'ept', actors: ['l1'], snippet: 'ept ${1:E}' },
  { word: 'map', actors: ['l1', 'l2'], snippet: 'map ${1:A} ${2:0x0} +${3:64k} -> ${4:0x100000}' },
  { word: 'eptmap', actors: ['l1'], snippet: 'eptmap ${1:E} ${2:0x0} +${3:64k} -> ${4:0x1000000}' },
  { word: 'cr3', actors: ['l1', 'l2'], snippet: 'cr3 ${1:A}' },
  { word: 'read', actors: ['l1', 'l2'], snippet: 'read ${1:0x0}' },
  { word: 'write', actors: ['l1', 'l2'], snippet: 'write ${1:0x0}' },
  { word: 'fetch', actors: ['l1', 'l2'], snippet: 'fetch ${1:0x0}' },
  { word: 'pte', actors: ['l1', 'l2'], snippet: 'pte ${1:A} ${2:0x0} -> ${3:0x100000}' },
  { word: 'eptpte', actors: ['l1'], snippet: 'eptpte ${1:E} ${2:0x0} -> ${3:0x1000000}' },
  { word: 'invlpg', actors: ['l1', 'l2'], snippet: 'invlpg ${1:0x0}' },
  { word: 'invpcid', actors: ['l1', 'l2'], snippet: 'invpcid ${1:all}' },
  { word: 'invvpid', actors: ['l1'], snippet: 'invvpid ${1:all}' },
  { word: 'invept', actors: ['l1'], snippet: 'invept ${1:all}' },
  { word: 'vpid12', actors: ['l1'], snippet: 'vpid12 ${1:2}' },
];

export const HEADER_ITEMS: { word: string; snippet: string }[] = [
  { word: 'seed', snippet: 'seed ${1:1}' },
  { word: 'host', snippet: 'host { ept ${1:on} vpid ${2:on} unsync ${3:on} }' },
  { word: 'l1', snippet: 'l1 { ept ${1:off} vpid ${2:on} pcid ${3:off} }' },
  { word: 'vpid02', snippet: 'vpid02 ${1:auto}' },
  { word: 'tlb', snippet: 'tlb { entries ${1:1536} ways ${2:12} }' },
  { word: 'roots', snippet: 'roots ${1:3}' },
  { word: 'cost', snippet: 'cost { vmexit 1200 vmenter 800 walk_ref 30 sync_page 600 flush 400 tlb_hit 1 }' },
  { word: 'vpid12', snippet: 'vpid12 ${1:1}' },
  { word: 'cr3', snippet: 'cr3 { l1 ${1:A} l2 ${2:P} }' },
];

export const BLOCK_OPTIONS: Record<string, string[]> = {
  host: ['ept', 'vpid', 'unsync'],
  l1: ['ept', 'vpid', 'pcid'],
  tlb: ['entries', 'ways'],
  cost: ['vmexit', 'vmenter', 'walk_ref', 'sync_page', 'flush', 'tlb_hit'],
  cr3: ['l1', 'l2'],
};
