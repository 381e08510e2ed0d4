import { expect, test } from 'vitest';
import { emptyMetrics, type ResultDoc } from '../../../core/index';
import { defaultConfig } from '../../../core/model/config';
import {
  checkResultDoc,
  parseFromWorker,
  progressThrottle,
  toWorkerSchema,
} from '../../../core/run/protocol';

test('progress passes at most once per 50 ms window, the first update always', () => {
  const allow = progressThrottle(50);
  const times = [0, 10, 49, 50, 51, 99, 100, 180, 181, 230];
  // 0 passes; 50 (≥ 0+50) passes; 100 passes; 180 passes; 230 (≥ 180+50) passes.
  expect(times.filter((t) => allow(t))).toEqual([0, 50, 100, 180, 230]);
});

test('a million progress ticks spread over ten seconds make one message per 50 ms', () => {
  const allow = progressThrottle();
  let sent = 0;
  // Tick i happens at i × 10 µs, the last at 9999.99 ms: messages at 0, 50, …, 9950 ms, i.e. 200.
  for (let i = 0; i < 1_000_000; i++) if (allow(i / 100)) sent++;
  expect(sent).toBe(200);
});

test('a run request is validated: at least one policy, known kinds only', () => {
  const ok = toWorkerSchema.safeParse({
    type: 'run',
    runId: 1,
    source: '',
    file: 'a.vmx',
    policies: [{ kind: 'built-in', id: 'always-sync' }],
  });
  expect(ok.success).toBe(true);
  expect(ok.success && ok.data.type === 'run' && ok.data.overrides).toEqual({});
  expect(
    toWorkerSchema.safeParse({ type: 'run', runId: 1, source: '', file: 'a', policies: [] }).success,
  ).toBe(false);
  expect(
    toWorkerSchema.safeParse({
      type: 'run',
      runId: 1,
      source: '',
      file: 'a',
      policies: [{ kind: 'remote', id: 'x' }],
    }).success,
  ).toBe(false);
  expect(toWorkerSchema.safeParse({ type: 'cancel', runId: -1 }).success).toBe(false);
});

function doc(): ResultDoc {
  return {
    schema: 'vmxlab.result/1',
    engine: { name: 'vmxlab', version: '0.1.0' },
    scenario: {
      name: 's',
      file: 's.vmx',
      source: '',
      sha256: '0'.repeat(64),
      seed: 1,
      config: defaultConfig(),
    },
    createdAt: '2026-11-25T00:00:00Z',
    runs: [
      {
        policy: { id: 'p', version: '1.0.0', sha256: '1'.repeat(64), origin: 'built-in' },
        status: 'ok',
        error: null,
        metrics: emptyMetrics(),
        violations: [],
        timeline: { binEvents: 1, bins: [], marks: [] },
      },
    ],
  };
}

test('a done message keeps the result document the worker sent, extra fields included', () => {
  const result = { ...doc(), extra: { kept: true } };
  const parsed = parseFromWorker({ type: 'done', runId: 3, result, problems: [], elapsedMs: 12 });
  expect(parsed.ok).toBe(true);
  expect(parsed.ok && parsed.message.type === 'done' && parsed.message.result).toBe(result);
});

test('a malformed message from the worker is refused with the path of the bad field', () => {
  const bad = { ...doc(), runs: [{ policy: {} }] };
  const parsed = parseFromWorker({ type: 'done', runId: 3, result: bad, problems: [], elapsedMs: 1 });
  expect(parsed).toEqual({ ok: false, error: expect.stringContaining('result.runs.0.policy.id') });
  expect(parseFromWorker({ type: 'progress', runId: 1 }).ok).toBe(false);
});

test('the worker checks a result in full before it leaves, naming the first bad field', () => {
  expect(checkResultDoc(doc()).schema).toBe('vmxlab.result/1');
  const bad = doc();
  (bad.runs[0]!.metrics as { syncs: unknown }).syncs = 'many';
  expect(() => checkResultDoc(bad)).toThrow(/runs\.0\.metrics\.syncs/);
});
