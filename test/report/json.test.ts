import { describe, expect, test } from 'vitest';
import { resultJson } from '../../core/report/index';
import { parseResultDoc } from '../../core/index';
import { fixtureResultDoc } from './fixtures/result-doc';

describe('the result JSON writer', () => {
  test('writes keys in the spec order whatever order the document was built in', () => {
    const doc = fixtureResultDoc({ bins: 2 });
    const shuffled = JSON.parse(JSON.stringify(doc), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as typeof doc;
    const a = resultJson(doc);
    expect(resultJson(shuffled)).toBe(a);
    const top = Object.keys(JSON.parse(a) as object);
    expect(top).toEqual(['schema', 'engine', 'scenario', 'createdAt', 'runs']);
    expect(a.endsWith('}\n')).toBe(true);
    expect(a.split('\n')[1]).toBe('  "schema": "vmxlab.result/1",');
  });

  test('keeps fields a producer added, after the known ones', () => {
    const doc = { ...fixtureResultDoc({ bins: 1 }), extra: { note: 'x' } };
    const keys = Object.keys(JSON.parse(resultJson(doc)) as object);
    expect(keys.at(-1)).toBe('extra');
  });

  test('round-trips through the schema validator', () => {
    const doc = fixtureResultDoc({ bins: 3 });
    const parsed = parseResultDoc(JSON.parse(resultJson(doc)));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toEqual(doc);
  });
});

describe('the JSON writer on a broken document', () => {
  test('refuses it, naming the field, rather than writing it', () => {
    const doc = fixtureResultDoc({ bins: 1 });
    doc.runs[0]!.metrics.tlbHitRate = Number.NaN;
    expect(() => resultJson(doc)).toThrow(
      /not a valid vmxlab\.result\/1 document: runs\.0\.metrics\.tlbHitRate:/,
    );
  });
});
