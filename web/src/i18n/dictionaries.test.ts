import { describe, expect, it } from 'vitest';
import { clientCodes } from '@/api/problem';
import { problemCodes } from '@/api/problems.gen';
import { parts, resources } from './resources';

type Tree = { [key: string]: string | Tree };

/** Every key path of a dictionary: `inventory.sorts.-price`, `vehicles.duplicate_vin`. */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree as Tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}

/** Keys one dictionary has and the other has not, both ways. */
function mismatch(a: object, b: object): { onlyInFirst: string[]; onlyInSecond: string[] } {
  const ka = new Set(keys(a));
  const kb = new Set(keys(b));
  return { onlyInFirst: [...ka].filter((k) => !kb.has(k)), onlyInSecond: [...kb].filter((k) => !ka.has(k)) };
}

/** The `{{placeholders}}` of each text, so a translation cannot drop the value it must show. */
function placeholders(tree: object): Record<string, string> {
  const flat: Record<string, string> = {};
  const walk = (t: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(t)) {
      if (typeof v === 'string') flat[prefix + k] = [...v.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort().join(',');
      else walk(v, `${prefix}${k}.`);
    }
  };
  walk(tree as Tree, '');
  return flat;
}

describe('the dictionaries', () => {
  it('find a key missing from either language', () => {
    // The check itself, on a pair that differs.
    expect(mismatch({ a: 'x', b: { c: 'y' } }, { a: 'x', b: { d: 'y' } })).toEqual({ onlyInFirst: ['b.c'], onlyInSecond: ['b.d'] });
  });

  for (const [name, part] of Object.entries(parts)) {
    it(`of ${name} have the same keys and placeholders in Portuguese and English`, () => {
      expect(mismatch(part['pt-BR'].messages, part.en.messages)).toEqual({ onlyInFirst: [], onlyInSecond: [] });
      expect(mismatch(part['pt-BR'].problems, part.en.problems)).toEqual({ onlyInFirst: [], onlyInSecond: [] });
      expect(placeholders(part.en.messages)).toEqual(placeholders(part['pt-BR'].messages));
    });
  }

  it('give each top-level key and each problem code to one part only', () => {
    const owners = (kind: 'messages' | 'problems') => {
      const seen = new Map<string, string[]>();
      for (const [name, part] of Object.entries(parts)) {
        for (const k of Object.keys(part['pt-BR'][kind])) seen.set(k, [...(seen.get(k) ?? []), name]);
      }
      return [...seen].filter(([, names]) => names.length > 1);
    };
    expect(owners('messages')).toEqual([]);
    expect(owners('problems')).toEqual([]);
  });

  it('have a text for exactly the server codes and the app’s own, in each language', () => {
    const expected = [...problemCodes, ...clientCodes].sort();
    for (const lng of ['pt-BR', 'en'] as const) {
      expect(Object.keys(resources[lng].problems).sort()).toEqual(expected);
      expect(Object.values(resources[lng].problems).filter((v) => !v.trim())).toEqual([]);
    }
  });
});
